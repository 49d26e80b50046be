package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FixturesGenerateCommandTest {
  @TempDir Path dir;

  private String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cegi.execute(args)).as(String.join(" ", args)).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesAFixtureAndGeneratesWithIt() {
    Path m = dir.resolve("tiny");
    assertThat(run("fixtures", "tiny-qwen2", m.toString(), "--variants", "fp32,int8")).contains("Wrote tiny-qwen2");
    assertThat(m.resolve("onnx/model.onnx")).exists();
    assertThat(m.resolve("onnx/model_int8.onnx")).exists();
    assertThat(m.resolve("tokenizer_config.json")).exists();
    String out = run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "8",
        "--batch", "2", "--threads", "1", "--onnx-file", "model_int8.onnx");
    assertThat(out).contains("batch 2").contains("output 8 tokens").contains("TTFT").contains("tok/s")
        .contains("outside engine");
    assertThat(run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "4", "--chat",
        "--threads", "1")).contains("batch 1 | prompt 44 tokens");
  }

  @Test
  void writesTorchScriptExportsAndGeneratesWithThePyTorchEngine() throws Exception {
    Path m = dir.resolve("tiny-ts");
    assertThat(run("fixtures", "tiny-qwen2", m.toString(), "--torchscript", "FP32,INT8"))
        .contains("TorchScript [FP32, INT8]");
    assertThat(m.resolve("torchscript/model.pt")).exists();
    assertThat(m.resolve("torchscript/model_int8.pt")).exists();
    String ts = run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "8",
        "--threads", "1", "--engine", "pytorch");
    String onnx = run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "8",
        "--threads", "1", "--engine", "onnx");
    assertThat(ts).contains("output 8 tokens");
    assertThat(ts.lines().findFirst()).as("same text on both engines").isEqualTo(onnx.lines().findFirst());
    java.nio.file.Files.delete(m.resolve("onnx/model.onnx"));
    assertThat(run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "8",
        "--threads", "1").lines().findFirst()).as("auto picks the TorchScript file").isEqualTo(ts.lines().findFirst());
  }

  @Test
  void writesTheTransformersJsSiblingsAndExternalData() {
    Path m = dir.resolve("siblings");
    assertThat(run("fixtures", "tiny-qwen2", m.toString(), "--variants", "Q8,uint8,q4f16,bnb4",
        "--external-data-threshold", "4096"))
        .contains("Wrote tiny-qwen2").contains("[uint8, q8, q4f16, bnb4]");
    for (String f : List.of("model_quantized.onnx", "model_uint8.onnx", "model_q4f16.onnx", "model_bnb4.onnx")) {
      assertThat(m.resolve("onnx").resolve(f)).exists();
      assertThat(m.resolve("onnx").resolve(f + "_data")).exists();
    }
    assertThat(run("generate", "--model", m.toString(), "--prompt", "Hello", "--max-new-tokens", "3",
        "--threads", "1", "--onnx-file", "model_bnb4.onnx")).contains("output 3 tokens");
    CommandLine cl = Cegi.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("fixtures", "tiny-qwen2-vl", dir.resolve("vl").toString(), "--variants", "bnb4"))
        .isNotZero();
    assertThat(err.toString()).contains("tiny-qwen2-vl is written in fp32, fp16, int8 and q4 only, not bnb4");
  }

  @Test
  void writesAVisionLanguageFixtureAndAnswersAboutAnImage() throws Exception {
    Path m = dir.resolve("tiny-vl");
    assertThat(run("fixtures", "tiny-qwen2-vl", m.toString(), "--variants", "fp32,q4"))
        .contains("Wrote tiny-qwen2-vl (qwen2_vl");
    assertThat(m.resolve("onnx/decoder_model_merged_q4.onnx")).exists();
    assertThat(m.resolve("onnx/vision_encoder.onnx")).exists();
    Path png = dir.resolve("red.png");
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(56, 56,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(img, "png", png.toFile());
    String out = run("generate", "--model", m.toString(), "--image", png.toString(), "--prompt", "What is it?",
        "--max-new-tokens", "4", "--threads", "1", "--onnx-file", "decoder_model_merged_q4.onnx");
    assertThat(out).contains("batch 1 | prompt").contains("outside engine").contains("image 56x56");
    CommandLine cl = Cegi.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    Path missing = dir.resolve("missing.png");
    assertThat(cl.execute("generate", "--model", m.toString(), "--image", missing.toString(), "--prompt", "?"))
        .isNotZero();
    assertThat(err.toString()).contains("Image file " + missing + " does not exist");
  }

  @Test
  void cudaWhereItCannotRunIsAnErrorNamingWhatIsMissing() {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.cegi.model.onnx.Device.CUDA.problem().isPresent(),
        "the GPU build of ONNX Runtime is on the class path");
    Path m = dir.resolve("tiny-cuda");
    run("fixtures", "tiny-qwen2", m.toString());
    CommandLine cl = Cegi.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("generate", "--model", m.toString(), "--prompt", "Hello", "--device", "cuda")).isEqualTo(1);
    assertThat(err.toString()).contains("cegi generate: Cannot run " + m.resolve("onnx").resolve("model.onnx")
        + " on CUDA").contains("mvn -Pgpu");
    StringWriter err2 = new StringWriter();
    cl.setErr(new PrintWriter(err2));
    assertThat(cl.execute("generate", "--model", m.toString(), "--prompt", "Hello", "--device", "tpu")).isEqualTo(2);
    assertThat(err2.toString()).contains("--device").contains("CUDA");
  }

  @Test
  void unknownFixtureIsAUsageError() {
    CommandLine cl = Cegi.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("fixtures", "tiny-gpt", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown fixture tiny-gpt: use tiny-qwen2, tiny-llama or bench-qwen2");
  }
}
