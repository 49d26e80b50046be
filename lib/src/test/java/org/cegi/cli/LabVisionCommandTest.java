package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabVisionCommandTest {
  @TempDir Path tmp;

  @Test
  void listSaysHowToTrainWhenEmpty() {
    CliRun r = CliRun.of("lab", "vision", "list", "--dir", tmp.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("No vision lab runs in " + tmp.toAbsolutePath()
        + ": train one with `cegi lab vision train`.");
  }

  @Test
  void quantizeWithoutTrainedRunFailsWithTheFix() {
    CliRun r = CliRun.of("lab", "vision", "quantize", "--reduced", "--dir", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("No finished vision lab run in " + tmp.toAbsolutePath())
        .contains("train it first (cegi lab vision train)");
  }

  @Test
  void labHelpListsVisionAndVisionHelpItsThreeSubcommands() {
    assertThat(CliRun.of("lab", "--help").out()).contains("vision");
    assertThat(CliRun.of("lab", "vision", "--help").out()).contains("train", "quantize", "list");
  }
}
