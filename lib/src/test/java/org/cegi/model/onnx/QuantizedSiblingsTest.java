package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every transformers.js sibling of the tiny Qwen2 fixture loads, runs and follows the fp32 model. */
class QuantizedSiblingsTest {
  @TempDir static Path dir;
  static final Map<Quantization, SiblingAgreement> AGREEMENT = new EnumMap<>(Quantization.class);
  static final List<String> PROMPTS = List.of("Hello world, the model", "The quick brown fox jumps over",
      "select name from users where", "A small language model");

  @BeforeAll
  static void writeAndCompare() {
    TinyDecoder.qwen2().quantizations(EnumSet.allOf(Quantization.class)).writeTo(dir);
    for (Quantization q : Quantization.values()) {
      if (q != Quantization.FP32) {
        AGREEMENT.put(q, SiblingAgreement.measure(dir, q, PROMPTS, 16, 1));
        System.out.println("[siblings tiny-qwen2] " + AGREEMENT.get(q).summary());
      }
    }
  }

  @Test
  void everySiblingIsWrittenUnderItsTransformersJsName() {
    for (Quantization q : Quantization.values()) {
      assertThat(dir.resolve("onnx").resolve(q.onnxFile())).as(q.label()).isRegularFile();
    }
    assertThat(Quantization.parse("quantized")).isEqualTo(Quantization.Q8);
    assertThat(Quantization.ofOnnxFile("model_quantized.onnx")).contains(Quantization.Q8);
    assertThat(Quantization.ofOnnxFile("model_bnb4.onnx")).contains(Quantization.BNB4);
  }

  @Test
  void siblingsUseTheOperatorsOfTheirFormat() throws Exception {
    assertThat(ops(Quantization.UINT8)).contains("DynamicQuantizeLinear", "MatMulInteger").doesNotContain("MatMulNBits");
    assertThat(ops(Quantization.Q8)).contains("DynamicQuantizeLinear", "MatMulInteger");
    assertThat(ops(Quantization.Q4F16)).contains("MatMulNBits");
    assertThat(ops(Quantization.BNB4)).contains("MatMulBnb4").doesNotContain("MatMulNBits");
    try (ai.onnxruntime.OrtSession s = OnnxDecoder.environment().createSession(
        dir.resolve("onnx").resolve(Quantization.Q4F16.onnxFile()).toString(),
        new ai.onnxruntime.OrtSession.SessionOptions())) {
      assertThat(s.getOutputInfo().get("logits").getInfo().toString()).contains("FLOAT16");
    }
  }

  private static String ops(Quantization q) throws Exception {
    // Operator types are plain strings in the protobuf; enough to tell which kernels a file asks for.
    return new String(Files.readAllBytes(dir.resolve("onnx").resolve(q.onnxFile())),
        java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void everySiblingGeneratesInBatchesLikeSingleRequests() {
    GenerationOptions six = GenerationOptions.builder().maxNewTokens(6).build();
    for (Quantization q : List.of(Quantization.UINT8, Quantization.Q8, Quantization.Q4F16, Quantization.BNB4)) {
      try (OnnxCausalLm lm = OnnxCausalLm.load(dir, q.onnxFile(), 1)) {
        List<GenerationResult> r = lm.generate(List.of("Hi", "The quick brown fox"), six);
        assertThat(r).as(q.label()).allSatisfy(x -> assertThat(x.tokenIds()).hasSize(6));
        assertThat(r.get(1).tokenIds()).as(q.label() + " batch equals single")
            .isEqualTo(lm.generate("The quick brown fox", six).tokenIds());
      }
    }
  }

  @Test
  void siblingsFollowFp32WithinTheirPrecision() {
    // Half precision is nearly exact; 8-bit closer than 4-bit; every sibling keeps most greedy tokens.
    SiblingAgreement fp16 = AGREEMENT.get(Quantization.FP16);
    assertThat(fp16.maxAbsLogitError()).isLessThan(0.05 * fp16.logitStd());
    for (Quantization q : List.of(Quantization.INT8, Quantization.UINT8, Quantization.Q8)) {
      assertThat(AGREEMENT.get(q).meanAbsLogitError()).as(q.label()).isLessThan(0.2 * fp16.logitStd());
    }
    for (Quantization q : List.of(Quantization.Q4, Quantization.Q4F16, Quantization.BNB4)) {
      assertThat(AGREEMENT.get(q).meanAbsLogitError()).as(q.label()).isLessThan(0.5 * fp16.logitStd())
          .isGreaterThan(AGREEMENT.get(Quantization.FP16).meanAbsLogitError());
    }
    assertThat(AGREEMENT.get(Quantization.Q8).maxAbsLogitError())
        .as("q8 is written as uint8").isEqualTo(AGREEMENT.get(Quantization.UINT8).maxAbsLogitError());
    assertThat(fp16.top1Agreement()).isGreaterThan(0.95);
    for (SiblingAgreement a : AGREEMENT.values()) {
      // Random weights of a 2-layer, 64-wide model are the hardest case for 4 bits; chance would be ~1/vocab.
      assertThat(a.top1Agreement()).as(a.summary()).isGreaterThan(a.quantization().weightBits() >= 8 ? 0.7 : 0.3);
    }
  }
}
