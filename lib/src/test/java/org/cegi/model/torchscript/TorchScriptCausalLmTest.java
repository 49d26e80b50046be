package org.cegi.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationResult.FinishReason;
import org.cegi.model.Engine;
import org.cegi.model.ModelCatalog;
import org.cegi.model.ModelConfig;
import org.cegi.model.ModelVariant;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.onnx.OnnxCausalLm;
import org.cegi.model.onnx.OnnxDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptCausalLmTest {
  @TempDir static Path dir;
  static Path qwen;
  static TorchScriptCausalLm lm;
  static OnnxCausalLm onnx;

  static final GenerationOptions GREEDY_24 = GenerationOptions.builder().maxNewTokens(24).build();

  @BeforeAll
  static void load() {
    qwen = TinyDecoder.qwen2().variants(EnumSet.of(TinyDecoder.Variant.FP32, TinyDecoder.Variant.FP16,
            TinyDecoder.Variant.INT8)).torchScript(EnumSet.allOf(TorchScriptVariant.class))
        .writeTo(dir.resolve("qwen"));
    lm = TorchScriptCausalLm.load(qwen, "model.pt", 1);
    onnx = OnnxCausalLm.load(qwen, "model.onnx", 1);
  }

  @AfterAll
  static void close() {
    lm.close();
    onnx.close();
  }

  static final long[][] IDS = {{5, 17, 42, 9, 33, 2, 71}, {0, 0, 0, 12, 8, 64, 3}};
  static final long[][] MASK = {{1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1}};
  static final long[][] POS = {{0, 1, 2, 3, 4, 5, 6}, {1, 1, 1, 0, 1, 2, 3}};

  @Test
  void logitsEqualTheOnnxRouteOnTheSameWeights() {
    assertSameLogits(lm.decoder(), onnx.decoder(), 1e-4f);
  }

  /** Compares the logits of all real positions and returns the largest difference. */
  static float assertSameLogits(TorchScriptDecoder ts, OnnxDecoder ox, float tolerance) {
    float worst = 0;
    try (OnnxDecoder.Cache empty = ox.emptyCache(2);
         OnnxDecoder.Step o = ox.forward(IDS, MASK, POS, empty);
         TorchScriptDecoder.Step t = ts.forward(IDS, MASK, POS)) {
      for (int r = 0; r < 2; r++) {
        for (int p = MASK[r][0] == 0 ? 3 : 0; p < 7; p++) {
          float[] a = t.logits(r, p);
          float[] b = o.logits(r, p);
          for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(ts.file() + " row " + r + " position " + p + " token " + i)
                .isCloseTo(b[i], within(tolerance));
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
          }
        }
      }
    }
    return worst;
  }

  @Test
  void prefillThenOneCachedStepEqualsAFullPass() {
    TorchScriptDecoder d = lm.decoder();
    long[][] prefix = {{5, 17, 42, 9, 33, 2}};
    try (TorchScriptDecoder.Step full = d.forward(new long[][] {{5, 17, 42, 9, 33, 2, 71}},
             new long[][] {{1, 1, 1, 1, 1, 1, 1}}, new long[][] {{0, 1, 2, 3, 4, 5, 6}});
         TorchScriptDecoder.Step pre = d.forward(prefix, new long[][] {{1, 1, 1, 1, 1, 1}},
             new long[][] {{0, 1, 2, 3, 4, 5}});
         TorchScriptDecoder.Step step = d.forward(new long[][] {{71}}, new long[][] {{1, 1, 1, 1, 1, 1, 1}},
             new long[][] {{6}}, pre)) {
      assertThat(step.cacheLength()).isEqualTo(7);
      float[] a = full.lastLogits(0);
      float[] b = step.lastLogits(0);
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).as("token " + i).isCloseTo(a[i], within(1e-4f));
      }
      assertThat(step.argMaxLast(0)).isEqualTo(full.argMaxLast(0));
    }
  }

  @Test
  void greedyIsDeterministicAndTheOnnxRoutesTokens() {
    GenerationResult a = lm.generate("Hello world, the model", GREEDY_24);
    GenerationResult b = lm.generate("Hello world, the model", GREEDY_24);
    assertThat(a.tokenIds()).isEqualTo(b.tokenIds()).hasSize(24);
    assertThat(new HashSet<>(a.tokenIds())).as("greedy output must not repeat one token").hasSizeGreaterThan(3);
    assertThat(a.tokenIds()).isEqualTo(onnx.generate("Hello world, the model", GREEDY_24).tokenIds());
    assertThat(a.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(a.stats().outputTokens()).isEqualTo(24);
    assertThat(a.stats().timeToFirstTokenS()).isPositive();
    assertThat(a.stats().engineS()).isPositive().isLessThanOrEqualTo(a.stats().totalS());
    assertThat(a.stats().outsideEngineShare()).isBetween(0.0, 1.0);
  }

  @Test
  void aBatchGivesTheTokensOfSingleRequests() {
    List<String> prompts = List.of("Hi", "The quick brown fox jumps over the lazy dog", "select name from users");
    List<GenerationResult> batch = lm.generate(prompts, GREEDY_24);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(batch.get(i).tokenIds()).as(prompts.get(i))
          .isEqualTo(lm.generate(prompts.get(i), GREEDY_24).tokenIds());
      assertThat(batch.get(i).stats().batchSize()).isEqualTo(3);
    }
  }

  @Test
  void stopStringsAndSamplingComeFromTheSharedLoop() {
    GenerationResult free = lm.generate("Hello world", GREEDY_24);
    String stop = free.text().substring(Math.min(3, free.text().length() - 1), Math.min(5, free.text().length()));
    GenerationOptions withStop = GenerationOptions.builder().maxNewTokens(24).stopStrings(List.of(stop)).build();
    GenerationResult cut = lm.generate("Hello world", withStop);
    GenerationResult cutOnnx = onnx.generate("Hello world", withStop);
    assertThat(cut.finishReason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(cut.text()).isEqualTo(cutOnnx.text()).doesNotContain(stop);
    GenerationOptions sampled = GenerationOptions.builder().maxNewTokens(12).sample(true).temperature(0.8).seed(3).build();
    assertThat(lm.generate("Hello", sampled).tokenIds()).isEqualTo(lm.generate("Hello", sampled).tokenIds());
  }

  @Test
  void everyVariantLoadsRunsAndStaysNearTheOnnxSibling() {
    try (TorchScriptCausalLm fp16 = TorchScriptCausalLm.load(qwen, "model_fp16.pt", 1);
         OnnxCausalLm onnx16 = OnnxCausalLm.load(qwen, "model_fp16.onnx", 1)) {
      assertThat(fp16.decoder().cacheType()).isEqualTo("float16");
      System.out.println("fp16 TorchScript vs fp16 ONNX: largest logit difference "
          + assertSameLogits(fp16.decoder(), onnx16.decoder(), 5e-3f));
      assertThat(fp16.generate("Hello world", GREEDY_24).tokenIds()).hasSize(24);
    }
    try (TorchScriptCausalLm int8 = TorchScriptCausalLm.load(qwen, "model_int8.pt", 1);
         OnnxCausalLm onnx8 = OnnxCausalLm.load(qwen, "model_int8.onnx", 1)) {
      assertSameLogits(int8.decoder(), onnx8.decoder(), 1e-4f);
      assertThat(int8.generate("Hello world", GREEDY_24).tokenIds())
          .isEqualTo(onnx8.generate("Hello world", GREEDY_24).tokenIds());
    }
    try (TorchScriptCausalLm bf16 = TorchScriptCausalLm.load(qwen, "model_bf16.pt", 1)) {
      assertThat(bf16.decoder().cacheType()).isNotEqualTo("float32").isNotEqualTo("float16");
      float worst = assertSameLogits(bf16.decoder(), onnx.decoder(), 0.25f);
      System.out.println("bf16 TorchScript vs fp32 ONNX: largest logit difference " + worst);
      GenerationResult r = bf16.generate("Hello world", GREEDY_24);
      assertThat(r.tokenIds()).hasSize(24);
    }
  }

  @Test
  void llamaMatchesItsOnnxExportToo() {
    Path llama = TinyDecoder.llama().torchScript(EnumSet.of(TorchScriptVariant.FP32)).writeTo(dir.resolve("llama"));
    try (TorchScriptCausalLm t = TorchScriptCausalLm.load(llama, "model.pt", 1);
         OnnxCausalLm o = OnnxCausalLm.load(llama, "model.onnx", 1)) {
      assertSameLogits(t.decoder(), o.decoder(), 1e-4f);
      assertThat(t.generate("Hello world", GREEDY_24).tokenIds())
          .isEqualTo(o.generate("Hello world", GREEDY_24).tokenIds());
    }
  }

  @Test
  void missingAndMismatchedFilesFailNamingTheFile() throws Exception {
    assertThatThrownBy(() -> TorchScriptCausalLm.load(qwen, "model_q4.pt", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing TorchScript file " + qwen.resolve("torchscript").resolve("model_q4.pt"));
    Path fake = dir.resolve("fake");
    Files.createDirectories(fake.resolve("torchscript"));
    Files.copy(qwen.resolve("onnx/model.onnx"), fake.resolve("torchscript/model.pt"));
    ModelConfig config = ModelConfig.read(qwen);
    assertThatThrownBy(() -> TorchScriptDecoder.open(fake.resolve("torchscript/model.pt"), config, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PyTorch cannot load " + fake.resolve("torchscript/model.pt"));
    // A module of another architecture: the llama fixture (1 key/value head, untied) under qwen2's config.json.
    Path other = TinyDecoder.llama().torchScript(EnumSet.of(TorchScriptVariant.FP32)).writeTo(dir.resolve("other"));
    assertThatThrownBy(() -> TorchScriptDecoder.open(other.resolve("torchscript/model.pt"), config, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(other.resolve("torchscript/model.pt").toString())
        .hasMessageContaining("config.json");
    // config.json of another depth: the module does not take the cache inputs that config says.
    Path wrong = dir.resolve("wrong");
    Files.createDirectories(wrong.resolve("torchscript"));
    for (String f : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
      Files.copy(qwen.resolve(f), wrong.resolve(f));
    }
    Files.writeString(wrong.resolve("config.json"), Files.readString(qwen.resolve("config.json"))
        .replaceFirst("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"));
    Files.copy(qwen.resolve("torchscript/model.pt"), wrong.resolve("torchscript/model.pt"));
    assertThatThrownBy(() -> TorchScriptCausalLm.load(wrong, "model.pt", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(wrong.resolve("torchscript/model.pt").toString())
        .hasMessageContaining("num_hidden_layers=3");
  }

  @Test
  void catalogAndVariantsKnowTheRoute() throws Exception {
    Path only = TinyDecoder.qwen2().torchScript(EnumSet.of(TorchScriptVariant.FP32, TorchScriptVariant.INT8))
        .writeTo(dir.resolve("ts-only"));
    try (var files = Files.walk(only.resolve("onnx"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    ModelCatalog.Entry e = ModelCatalog.builtIn().withFolder(only).find("ts-only").orElseThrow();
    assertThat(e.base().engine()).isEqualTo(Engine.PYTORCH);
    assertThat(e.quantizations()).containsExactly(Quantization.FP32, Quantization.INT8);
    assertThat(e.base().location().file()).isEqualTo("torchscript/model.pt");
    ModelVariant int8 = e.base().withQuantization(Quantization.INT8);
    assertThat(int8.location().file()).isEqualTo("torchscript/model_int8.pt");
    assertThat(only.resolve(int8.location().file())).isRegularFile();
    ModelVariant hub = ModelCatalog.builtIn().get("qwen2.5-0.5b-instruct", Quantization.FP16);
    assertThat(hub.onEngine(Engine.PYTORCH).location().file()).isEqualTo("torchscript/model_fp16.pt");
    assertThat(hub.onEngine(Engine.PYTORCH).onEngine(Engine.ONNX_RUNTIME).location().file())
        .isEqualTo("onnx/model_fp16.onnx");
    assertThatThrownBy(() -> hub.withQuantization(Quantization.Q4).onEngine(Engine.PYTORCH))
        .hasMessageContaining("no q4 encoding");
    assertThat(TorchScriptVariant.parse("int8")).isEqualTo(TorchScriptVariant.INT8);
    assertThatThrownBy(() -> TorchScriptVariant.parse("q4")).hasMessageContaining("Unknown TorchScript variant q4");
  }
}
