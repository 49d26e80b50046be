package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.cegi.model.onnx.OnnxGraph.Attr;
import org.cegi.model.onnx.OnnxGraph.DataType;
import org.cegi.model.onnx.OnnxGraph.Tensor;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {
  @Test
  void writtenModelRunsOnOnnxRuntime() throws Exception {
    OnnxGraph.Builder g = OnnxGraph.builder("double").opset("", 17);
    g.input("x", DataType.FLOAT, "batch_size", 4);
    g.initializer(Tensor.floats("two", new long[] {}, 2f));
    String half = g.initializer(Tensor.float16s("half", new long[] {4}, 0.5f, 0.5f, 0.5f, -0.5f));
    String h32 = g.op("Cast", List.of(half), Attr.i("to", 1));
    String y = g.op("Mul", List.of("x", "two"));
    g.node("Mul", List.of(y, h32), List.of("y"));
    g.node("ReduceSum", List.of("y", g.constInts(-1)), List.of("s"), Attr.i("keepdims", 0));
    g.output("y", DataType.FLOAT, "batch_size", 4);
    g.output("s", DataType.FLOAT, "batch_size");
    OnnxGraph model = g.build();
    assertThat(model.nodeCount()).isEqualTo(4);
    OrtEnvironment env = OnnxDecoder.environment();
    try (OrtSession s = env.createSession(model.toBytes(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}),
            new long[] {2, 4});
        OrtSession.Result r = s.run(Map.of("x", x))) {
      float[][] out = (float[][]) r.get("y").orElseThrow().getValue();
      assertThat(out[1]).containsExactly(5f, 6f, 7f, -8f);
      assertThat((float[]) r.get("s").orElseThrow().getValue()).containsExactly(2f, 10f);
      assertThat(s.getInputInfo().get("x").getInfo().toString()).contains("batch_size");
    }
  }

  @Test
  void halfPrecisionConversionRoundsToNearestEven() {
    assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3C00);
    assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xC000);
    assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7BFF);
    assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7C00);
    assertThat(Half.fromFloat(1f + 1f / 2048)).isEqualTo((short) 0x3C00);
    assertThat(Half.fromFloat(1f + 3f / 2048)).isEqualTo((short) 0x3C02);
    assertThat(Half.toFloat(Half.fromFloat(5.960464477539063e-8f))).isEqualTo(5.960464477539063e-8f);
    assertThat(Half.toFloat(Half.fromFloat(0.1f))).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> OnnxGraph.builder("g").build())
        .hasMessage("Graph g imports no opset: call opset(\"\", 17) first");
    assertThatThrownBy(() -> new Tensor("w", DataType.FLOAT, new long[] {2, 2}, new byte[12]))
        .hasMessage("Tensor w of type FLOAT and shape [2, 2] needs 16 bytes, got 12");
    OnnxGraph.Builder g = OnnxGraph.builder("g").opset("", 17);
    g.initializer(Tensor.floatScalar("a", 1f));
    assertThatThrownBy(() -> g.initializer(Tensor.floatScalar("a", 2f)))
        .hasMessage("Duplicate value name a in graph g");
  }
}
