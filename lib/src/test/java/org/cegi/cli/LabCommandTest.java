package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {
  @TempDir Path tmp;

  @Test
  void listSaysHowToTrainWhenEmpty() {
    CliRun r = CliRun.of("lab", "list", "--dir", tmp.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("No lab runs in " + tmp.toAbsolutePath() + ": train one with `cegi lab train`.");
  }

  @Test
  void quantizeWithoutTrainedRunFailsWithTheFix() {
    CliRun r = CliRun.of("lab", "quantize", "--reduced", "--dir", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cegi quantize: No finished lab run in " + tmp.toAbsolutePath())
        .contains("train it first (cegi lab train)");
  }

  @Test
  void helpListsTheThreeSubcommands() {
    CliRun r = CliRun.of("lab", "--help");
    assertThat(r.out()).contains("train", "quantize", "list");
  }

  @Test
  void negativeThreadsAreRejectedWithTheRule() {
    CliRun r = CliRun.of("lab", "list", "--threads", "-1", "--dir", tmp.toString());
    CliRun t = CliRun.of("lab", "quantize", "--reduced", "--threads", "-2", "--dir", tmp.toString());
    assertThat(t.exitCode()).isEqualTo(2);
    assertThat(t.err()).contains("--threads must be >= 0 (0: the configuration's), got -2");
    assertThat(r.exitCode()).isZero();   // list reads finished runs and needs no configuration
  }
}
