package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cegi.model.GenerationOptions;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.onnx.OnnxGraph.DataType;
import org.cegi.model.onnx.OnnxGraph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models whose initializers live in a {@code .onnx_data} file beside them. */
class ExternalDataTest {
  @TempDir Path dir;

  /** y = (x + a) * b with a, b of 512 floats (2 KiB each) and a tiny inline scalar c added last. */
  private static OnnxGraph.Builder graph(float[] a, float[] b) {
    OnnxGraph.Builder g = OnnxGraph.builder("ext").opset("", 17);
    g.input("x", DataType.FLOAT, 512);
    g.initializer(Tensor.floats("a", new long[] {512}, a));
    g.initializer(Tensor.floats("b", new long[] {512}, b));
    g.initializer(Tensor.floatScalar("c", 0.5f));
    String s = g.op("Add", List.of("x", "a"));
    String p = g.op("Mul", List.of(s, "b"));
    g.node("Add", List.of(p, "c"), List.of("y"));
    g.output("y", DataType.FLOAT, 512);
    return g;
  }

  private static float[] run(Path model) throws Exception {
    float[] x = new float[512];
    for (int i = 0; i < 512; i++) {
      x[i] = i;
    }
    try (OrtSession s = OnnxDecoder.environment().createSession(model.toString(), new OrtSession.SessionOptions());
        OnnxTensor t = OnnxTensor.createTensor(OnnxDecoder.environment(), FloatBuffer.wrap(x), new long[] {512});
        OrtSession.Result r = s.run(Map.of("x", t))) {
      return (float[]) r.get("y").orElseThrow().getValue();
    }
  }

  @Test
  void tensorsAboveTheThresholdGoToAnAlignedDataFileThatOnnxRuntimeReads() throws Exception {
    float[] a = new float[512];
    float[] b = new float[512];
    for (int i = 0; i < 512; i++) {
      a[i] = i * 0.25f;
      b[i] = 2f - i * 0.001f;
    }
    Path inline = dir.resolve("inline").resolve("model.onnx");
    OnnxGraph small = graph(a, b).build();
    assertThat(small.usesExternalData()).isFalse();
    small.writeTo(inline);
    assertThat(OnnxGraph.externalDataFile(inline)).doesNotExist();
    assertThat(OnnxGraph.externalDataLocations(inline)).isEmpty();

    Path ext = dir.resolve("ext").resolve("model.onnx");
    OnnxGraph big = graph(a, b).externalDataThreshold(1000).build();
    assertThat(big.initializerBytes()).isEqualTo(2 * 2048 + 4);
    assertThat(big.usesExternalData()).isTrue();
    big.writeTo(ext);
    Path data = ext.resolveSibling("model.onnx_data");
    assertThat(OnnxGraph.externalDataFile(ext)).isEqualTo(data);
    assertThat(OnnxGraph.externalDataLocations(ext)).containsExactly("model.onnx_data");
    // a at offset 0, b at the next 4096-byte boundary; the 4-byte scalar c stays inline.
    assertThat(Files.size(data)).isEqualTo(4096 + 2048);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.getFloat(4 * 3)).isEqualTo(a[3]);
    assertThat(bytes.getFloat(4096 + 4 * 7)).isEqualTo(b[7]);
    assertThat(Files.size(ext)).isLessThan(Files.size(inline) - 3500);
    assertThat(run(ext)).containsExactly(run(inline));
    assertThat(run(ext)[10]).isEqualTo((10 + 2.5f) * (2f - 0.01f) + 0.5f);

    // Rewriting the same file inline removes the data file the earlier write left.
    graph(a, b).build().writeTo(ext);
    assertThat(data).doesNotExist();
    assertThat(run(ext)).containsExactly(run(inline));
  }

  @Test
  void aDecoderWithExternalDataGeneratesTheSameTokens() {
    Path inline = TinyDecoder.qwen2().quantizations(EnumSet.of(Quantization.FP32, Quantization.Q4))
        .writeTo(dir.resolve("inline"));
    Path ext = TinyDecoder.qwen2().quantizations(EnumSet.of(Quantization.FP32, Quantization.Q4))
        .externalDataThreshold(4096).writeTo(dir.resolve("ext"));
    GenerationOptions greedy = GenerationOptions.builder().maxNewTokens(12).build();
    for (Quantization q : List.of(Quantization.FP32, Quantization.Q4)) {
      assertThat(OnnxGraph.externalDataFile(ext.resolve("onnx").resolve(q.onnxFile()))).isRegularFile();
      try (OnnxCausalLm a = OnnxCausalLm.load(inline, q.onnxFile(), 1);
          OnnxCausalLm b = OnnxCausalLm.load(ext, q.onnxFile(), 1)) {
        assertThat(b.generate("Hello world", greedy).tokenIds()).as(q.label())
            .isEqualTo(a.generate("Hello world", greedy).tokenIds());
      }
    }
  }

  @Test
  void aMissingDataFileIsNamed() throws Exception {
    Path ext = TinyDecoder.qwen2().externalDataThreshold(0).writeTo(dir.resolve("m"));
    Path data = ext.resolve("onnx").resolve("model.onnx_data");
    Files.delete(data);
    assertThatThrownBy(() -> OnnxCausalLm.load(ext, "model.onnx", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ONNX model " + ext.resolve("onnx").resolve("model.onnx") + " keeps its weights in "
            + data + ", which does not exist: download the external data file too");
  }

  @Test
  void thresholdMustNotBeNegative() {
    assertThatThrownBy(() -> OnnxGraph.builder("g").externalDataThreshold(-1))
        .hasMessageContaining("external data threshold (bytes)");
  }
}
