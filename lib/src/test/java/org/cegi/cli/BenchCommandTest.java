package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.cegi.model.fixtures.TinyDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void benchGeneratePrintsRoundsAndMediansOnAModelFolder() {
    Path model = dir.resolve("tiny");
    TinyDecoder.named("tiny-qwen2").writeTo(model);
    CliRun r = CliRun.of("bench", "generate", "--model", model.toString(), "--rounds", "2", "--batch", "2",
        "--prompt-tokens", "8", "--new-tokens", "4", "--warmup", "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("batch 2, prompt 8, new 4")
        .contains("round 1: ")
        .contains("round 2: ")
        .containsPattern("median: decode [0-9.]+ tok/s \\(min [0-9.]+, max [0-9.]+\\), TTFT [0-9.]+ ms,"
            + " outside engine [0-9.]+ % of the request");
  }

  @Test
  void benchGenerateRunsTheTorchScriptRoute() {
    Path model = dir.resolve("tiny");
    TinyDecoder.named("tiny-qwen2").torchScript(java.util.EnumSet.of(
        org.cegi.model.torchscript.TorchScriptVariant.FP32)).writeTo(model);
    CliRun r = CliRun.of("bench", "generate", "--model", model.toString(), "--engine", "pytorch", "--rounds", "2",
        "--batch", "2", "--prompt-tokens", "8", "--new-tokens", "4", "--warmup", "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("torchscript/model.pt on PYTORCH").contains("round 2: ")
        .containsPattern("median: decode [0-9.]+ tok/s");
    CliRun missing = CliRun.of("bench", "generate", "--model", model.toString(), "--engine", "pytorch",
        "--pt-file", "model_int8.pt", "--rounds", "1", "--warmup", "0");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("has no torchscript/model_int8.pt; name a TorchScript file");
  }

  @Test
  void aMissingGraphIsNamed() {
    Path model = dir.resolve("tiny");
    TinyDecoder.named("tiny-qwen2").writeTo(model);
    CliRun r = CliRun.of("bench", "generate", "--model", model.toString(), "--onnx-file", "model_q8.onnx",
        "--rounds", "1", "--warmup", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Model folder " + model + " has no onnx/model_q8.onnx; name a graph that exists"
        + " there with --onnx-file.");
  }

  @Test
  void badSettingsAreNamed() {
    CliRun r = CliRun.of("bench", "generate", "--model", dir.toString(), "--rounds", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("rounds must be > 0, got 0");
  }
}
