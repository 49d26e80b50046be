package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** The files a run writes load into Tablesaw (what the frames and notebooks use) with every column. */
class ResultsReadableTest {
  @TempDir Path dir;

  @Test
  void tablesawReadsResultsPhasesAndSummary() {
    RunPlan p = RunPlan.parse("name: t\noutput: " + dir + "\nbatch_size: 2\nvariants: [tiny-qwen2]\ntasks:\n"
        + "  - {task: text-to-sql, samples: 3}\n", "t.yaml");
    RunResult r = Run.builder(p).runtime(new ScriptedRuntime(x -> "```sql\nSELECT 1\n```\nmulti\nline, \"q\"", false))
        .monitor(RunTest.fakeMonitor()).log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), false)
        .build().execute();
    Table results = Table.read().usingOptions(CsvReadOptions.builder(r.resultsFile().toFile()).maxCharsPerColumn(
        1_000_000));
    assertThat(results.rowCount()).isEqualTo(3);
    assertThat(results.columnNames()).containsExactlyElementsOf(Columns.RESULTS);
    assertThat(results.column("output_text").getString(0)).isEqualTo("```sql\nSELECT 1\n```\nmulti\nline, \"q\"");
    Table summary = Table.read().csv(r.summaryFile().toFile());
    assertThat(summary.columnNames()).containsExactlyElementsOf(Columns.SUMMARY);
    assertThat(summary.rowCount()).isEqualTo(1);
    Table phases = Table.read().csv(r.phasesFile().toFile());
    assertThat(phases.columnNames()).containsExactlyElementsOf(Columns.PHASES);
  }
}
