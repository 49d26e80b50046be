package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A notebook whose cell throws must fail the run and show the cell and the Java stack trace. */
class FailingNotebookIT {

  @Test
  void failingCellFailsTheRunWithCellAndStackTraceShown() throws Exception {
    Path nb = NotebookRunner.ROOT.resolve("lib/src/test/resources/notebooks/failing-cell.ipynb");
    Path out = NotebookRunner.ROOT.resolve("build/test-output/failing");
    System.out.println("FailingNotebookIT: the next notebook fails on purpose (its second cell throws).");
    NotebookRunner.Result r = NotebookRunner.run(out, List.of("--no-html"), nb);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output())
        .contains("FAILED failing-cell")
        .contains("--- code cell 2 ---")
        .contains("org.cegi.energy.Energy.ofJoules(-42)")
        .contains("java.lang.IllegalArgumentException: energy_j must be >= 0, got -42.0")
        .contains("at org.cegi.energy.Energy.ofJoules(Energy.java")
        .contains("0 passed, 1 failed");
    // the cell after the failing one never ran
    assertThat(r.output()).doesNotContain("after-the-failure");
  }
}
