package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.cegi.bench.OnnxRuntimes;
import org.cegi.bench.RunPlan;
import org.cegi.model.GenerationOptions;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.vlm.OnnxVisionLm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device option: CPU as before, CUDA refused with what is missing where this build or host cannot run it. */
class DeviceTest {
  @TempDir static Path tmp;
  static Path text;
  static Path vision;

  @BeforeAll
  static void fixtures() {
    text = TinyDecoder.qwen2().variants(EnumSet.of(TinyDecoder.Variant.FP32, TinyDecoder.Variant.Q4))
        .writeTo(tmp.resolve("tiny-qwen2"));
    vision = TinyQwen2Vl.create().writeTo(tmp.resolve("tiny-qwen2-vl"));
  }

  @Test
  void cpuIsTheDefaultAndGivesTheSameTokens() {
    GenerationOptions greedy = GenerationOptions.builder().maxNewTokens(8).build();
    try (OnnxCausalLm dflt = OnnxCausalLm.load(text, "model_q4.onnx", 1);
        OnnxCausalLm cpu = OnnxCausalLm.load(text, "model_q4.onnx", 1, Device.CPU)) {
      assertThat(cpu.generate("Hello world", greedy).tokenIds())
          .isEqualTo(dflt.generate("Hello world", greedy).tokenIds())
          .hasSize(8);
    }
    assertThat(Device.CPU.problem()).isEmpty();
  }

  @Test
  void labelsParseAndUnknownOnesAreNamed() {
    assertThat(Device.parse("cuda")).isEqualTo(Device.CUDA);
    assertThat(Device.parse(" GPU ")).isEqualTo(Device.CUDA);
    assertThat(Device.parse("CPU")).isEqualTo(Device.CPU);
    assertThat(Device.CUDA.label()).isEqualTo("cuda");
    assertThatThrownBy(() -> Device.parse("tpu")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown device \"tpu\": use cpu or cuda.");
  }

  @Test
  void cudaOnTheCpuBuildFailsSayingWhatIsMissingAndNeverFallsBackToTheCpu() {
    assumeTrue(Device.CUDA.problem().isPresent(),
        "the GPU build of ONNX Runtime is on the class path (mvn -Pgpu): the next test covers it");
    assertThat(Device.CUDA.problem().orElseThrow())
        .contains("has no CUDA execution provider")
        .contains("com.microsoft.onnxruntime:onnxruntime")
        .contains("mvn -Pgpu")
        .contains("onnxruntime_gpu")
        .contains("NVIDIA driver");
    assertThatThrownBy(() -> OnnxCausalLm.load(text, "model.onnx", 1, Device.CUDA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot run " + text.resolve("onnx").resolve("model.onnx") + " on CUDA: ONNX Runtime")
        .hasMessageContaining("mvn -Pgpu");
    assertThatThrownBy(() -> OnnxVisionLm.load(vision, Quantization.FP32, 1, Device.CUDA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("on CUDA")
        .hasMessageContaining("vision_encoder.onnx");
    RunPlan.VariantSpec v = new RunPlan.VariantSpec("tiny-qwen2", "", text.toString(), "", "fp32", "onnx", 1,
        List.of());
    assertThatThrownBy(() -> OnnxRuntimes.of(tmp.resolve("fx"), Device.CUDA).check(v))   // before anything runs
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Variant tiny-qwen2 cannot run on cuda: ONNX Runtime")
        .hasMessageContaining("mvn -Pgpu");
    OnnxRuntimes.of(tmp.resolve("fx"), Device.CPU).check(v);
  }

  @Test
  void cudaOnTheGpuBuildWithoutADriverFailsSayingWhatIsMissing() {
    assumeTrue(Device.CUDA.problem().isEmpty(), "the CPU build of ONNX Runtime: the previous test covers it");
    assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")),
        "an NVIDIA driver is present: GpuGenerationTest (tag gpu) covers CUDA");
    assertThatThrownBy(() -> OnnxCausalLm.load(text, "model_q4.onnx", 1, Device.CUDA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot run " + text.resolve("onnx").resolve("model_q4.onnx")
            + " on CUDA: ONNX Runtime's CUDA execution provider did not start")
        .hasMessageContaining("NVIDIA driver (libcuda.so.1")
        .hasMessageContaining("cuDNN 9")
        .hasMessageContaining("use Device.CPU");
  }
}
