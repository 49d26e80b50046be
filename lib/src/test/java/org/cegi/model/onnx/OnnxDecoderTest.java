package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.cegi.model.ModelConfig;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyDecoder.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxDecoderTest {
  @TempDir Path dir;

  private static long[][] positions(int from, int n) {
    long[][] p = new long[1][n];
    for (int i = 0; i < n; i++) {
      p[0][i] = from + i;
    }
    return p;
  }

  private static long[][] ones(int n) {
    long[][] m = new long[1][n];
    java.util.Arrays.fill(m[0], 1);
    return m;
  }

  private void prefillThenStepEqualsFullPass(TinyDecoder fixture, String file) {
    fixture.writeTo(dir);
    ModelConfig cfg = ModelConfig.read(dir);
    long[] tokens = {5, 77, 120, 33, 260, 9};
    int n = tokens.length;
    try (OnnxDecoder dec = OnnxDecoder.open(dir.resolve("onnx").resolve(file), cfg, 1);
        OnnxDecoder.Cache empty = dec.emptyCache(1)) {
      float[] full;
      try (OnnxDecoder.Step s = dec.forward(new long[][] {tokens}, ones(n), positions(0, n), empty)) {
        full = s.lastLogits(0);
      }
      long[] prefix = java.util.Arrays.copyOf(tokens, n - 1);
      try (OnnxDecoder.Step pre = dec.forward(new long[][] {prefix}, ones(n - 1), positions(0, n - 1), empty);
          OnnxDecoder.Step next = dec.forward(new long[][] {{tokens[n - 1]}}, ones(n), positions(n - 1, 1),
              pre.cache())) {
        float[] cached = next.lastLogits(0);
        assertThat(cached).hasSize(cfg.vocabSize());
        for (int i = 0; i < cached.length; i++) {
          assertThat(cached[i]).as("logit %d", i).isCloseTo(full[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        float spread = 0;
        for (float f : full) {
          spread = Math.max(spread, Math.abs(f - full[0]));
        }
        assertThat(spread).as("logits must not be constant").isGreaterThan(0.1f);
      }
    }
  }

  @Test
  void qwen2PrefillThenCachedStepEqualsFullPass() {
    prefillThenStepEqualsFullPass(TinyDecoder.qwen2(), "model.onnx");
  }

  @Test
  void llamaPrefillThenCachedStepEqualsFullPass() {
    prefillThenStepEqualsFullPass(TinyDecoder.llama(), "model.onnx");
  }

  @Test
  void fp16VariantWithHalfCacheAndLogitsMatchesFp32() {
    TinyDecoder.qwen2().variants(EnumSet.of(Variant.FP32, Variant.FP16)).writeTo(dir);
    ModelConfig cfg = ModelConfig.read(dir);
    float[][] last = new float[2][];
    String[] files = {"model.onnx", "model_fp16.onnx"};
    for (int f = 0; f < 2; f++) {
      try (OnnxDecoder dec = OnnxDecoder.open(dir.resolve("onnx").resolve(files[f]), cfg, 1);
          OnnxDecoder.Cache empty = dec.emptyCache(1);
          OnnxDecoder.Step pre = dec.forward(new long[][] {{1, 2, 3}}, ones(3), positions(0, 3), empty);
          OnnxDecoder.Step next = dec.forward(new long[][] {{4}}, ones(4), positions(3, 1), pre.cache())) {
        last[f] = next.lastLogits(0);
      }
    }
    for (int i = 0; i < last[0].length; i++) {
      assertThat(last[1][i]).isCloseTo(last[0][i], org.assertj.core.data.Offset.offset(0.05f));
    }
  }

  @Test
  void quantizedVariantsLoadAndRun() {
    TinyDecoder.qwen2().variants(EnumSet.allOf(Variant.class)).writeTo(dir);
    ModelConfig cfg = ModelConfig.read(dir);
    for (Variant v : Variant.values()) {
      assertThat(dir.resolve("onnx").resolve(v.fileName())).exists();
      try (OnnxDecoder dec = OnnxDecoder.open(dir.resolve("onnx").resolve(v.fileName()), cfg, 1);
          OnnxDecoder.Cache empty = dec.emptyCache(1);
          OnnxDecoder.Step s = dec.forward(new long[][] {{1, 2, 3}}, ones(3), positions(0, 3), empty)) {
        assertThat(s.lastLogits(0)).as(v.name()).hasSize(cfg.vocabSize());
        assertThat(Float.isFinite(s.lastLogits(0)[0])).isTrue();
      }
    }
  }

  @Test
  void configDisagreeingWithGraphIsNamed() throws Exception {
    TinyDecoder.qwen2().writeTo(dir);
    String c = Files.readString(dir.resolve("config.json"));
    Files.writeString(dir.resolve("config.json"), c.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"));
    assertThatThrownBy(() -> OnnxDecoder.open(dir.resolve("onnx/model.onnx"), ModelConfig.read(dir), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no input past_key_values.2.key")
        .hasMessageContaining("num_hidden_layers=3");
    Files.writeString(dir.resolve("config.json"), c.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 4"));
    assertThatThrownBy(() -> OnnxDecoder.open(dir.resolve("onnx/model.onnx"), ModelConfig.read(dir), 1))
        .hasMessageContaining("num_key_value_heads=4")
        .hasMessageContaining("does not belong to this graph");
  }

  @Test
  void missingFileIsNamed() {
    TinyDecoder.qwen2().writeTo(dir);
    assertThatThrownBy(() -> OnnxDecoder.open(dir.resolve("onnx/model_q4.onnx"), ModelConfig.read(dir), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing ONNX file")
        .hasMessageContaining("model_q4.onnx");
  }

  @Test
  void wrongInputNamesAreNamed() {
    OnnxGraph.Builder g = OnnxGraph.builder("wrong").opset("", 17);
    g.input("ids", OnnxGraph.DataType.INT64, "batch_size", "sequence_length");
    g.node("Identity", java.util.List.of("ids"), java.util.List.of("logits"));
    g.output("logits", OnnxGraph.DataType.INT64, "batch_size", "sequence_length");
    TinyDecoder.qwen2().writeTo(dir);
    g.build().writeTo(dir.resolve("onnx/model.onnx"));
    assertThatThrownBy(() -> OnnxDecoder.open(dir.resolve("onnx/model.onnx"), ModelConfig.read(dir), 1))
        .hasMessageContaining("has no input input_ids")
        .hasMessageContaining("[ids]");
  }
}
