package org.cegi.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cegi.bench.Aggregates;
import org.cegi.bench.ResultsFile;
import org.cegi.bench.RunPlan;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class RunFramesTest {
  @TempDir Path dir;

  @Test
  void itemsAreTypedAndKeepEmptyCellsMissing() {
    Table items = RunFrames.items(RunSamples.results(dir));
    assertThat(items.rowCount()).isEqualTo(7);
    assertThat(items.column("tokens_out").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(items.column("energy_j").type()).isEqualTo(ColumnType.DOUBLE);
    assertThat(items.column("item_id").type()).isEqualTo(ColumnType.STRING);
    assertThat(items.doubleColumn("energy_gpu_j").isMissing(0)).isTrue();       // not measured is not 0
    assertThat(items.stringColumn("output_text").get(0)).isEqualTo("text, with a comma\nand a line break");
    assertThat(items.columnNames()).startsWith("run_id", "shard", "variant");
  }

  @Test
  void itemsOfSeveralFilesAreConcatenated() throws Exception {
    Path a = RunSamples.results(Files.createDirectories(dir.resolve("a")));
    Path b = RunSamples.results(Files.createDirectories(dir.resolve("b")));
    assertThat(RunFrames.items(List.of(a, b)).rowCount()).isEqualTo(14);
  }

  @Test
  void aMissingFileOrABadNumberSaysWhatToDo() throws Exception {
    assertThatThrownBy(() -> RunFrames.items(dir.resolve("nope.csv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.csv does not exist: run the plan first");
    Path f = dir.resolve("bad.csv");
    try (ResultsFile rf = ResultsFile.open(f, org.cegi.bench.Columns.RESULTS, org.cegi.bench.Columns.RESULT_KEY)) {
      rf.append(java.util.Map.of("variant", "a", "task", "vqa", "item_id", "1", "energy_j", "lots"));
    }
    assertThatThrownBy(() -> RunFrames.items(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Column energy_j of " + f + " holds \"lots\", not a number");
  }

  @Test
  void perVariantTaskAveragesRequestsWithIntervalsAndCountsErrors() {
    Table items = RunFrames.items(RunSamples.results(dir));
    String before = items.print();
    Table t = RunFrames.perVariantTask(items);
    assertThat(items.print()).isEqualTo(before);                                   // input unchanged
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.stringColumn("variant").asList()).containsExactly("a", "b");
    assertThat(t.intColumn("requests").get(0)).isEqualTo(5);
    assertThat(t.intColumn("errors").get(0)).isEqualTo(1);
    assertThat(t.doubleColumn("j_per_request").get(0)).isCloseTo(3.5, within(1e-12));
    double half = 3.182 * Math.sqrt(5.0 / 3) / 2;
    assertThat(t.doubleColumn("j_per_request_ci_low").get(0)).isCloseTo(3.5 - half, within(1e-9));
    assertThat(t.doubleColumn("j_per_request_ci_high").get(0)).isCloseTo(3.5 + half, within(1e-9));
    assertThat(t.doubleColumn("j_per_token").get(0)).isCloseTo(0.25, within(1e-12));
    assertThat(t.doubleColumn("energy_cpu_j").get(0)).isCloseTo(3.0, within(1e-12));
    assertThat(t.doubleColumn("energy_ram_j").get(0)).isCloseTo(0.5, within(1e-12));
    assertThat(t.doubleColumn("energy_gpu_j").isMissing(0)).isTrue();
    assertThat(t.stringColumn("method_gpu").get(0)).isEqualTo(RunFrames.NOT_MEASURED);
    assertThat(t.stringColumn("method_cpu").get(0)).isEqualTo("estimated");
    assertThat(t.doubleColumn("tokens_out_mean").get(0)).isCloseTo(15, within(1e-12));
    assertThat(t.doubleColumn("score_mean").get(0)).isCloseTo(0.175, within(1e-12));
    assertThat(t.doubleColumn("co2e_g_per_request").get(1)).isCloseTo(1.0 / 3.6e6 * 56, within(1e-15));
  }

  @Test
  void perGroupByBatchSizeKeepsTheGroupColumnsTypes() {
    Table items = RunFrames.items(RunSamples.results(dir));
    Table t = RunFrames.perGroup(items, "variant", "task", "batch_size");
    assertThat(t.rowCount()).isEqualTo(3);
    assertThat(t.column("batch_size").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(t.intColumn("batch_size").asList()).containsExactly(1, 2, 1);
    assertThat(t.doubleColumn("j_per_token").get(0)).isCloseTo(0.3, within(1e-12));
    assertThat(t.doubleColumn("j_per_token").get(1)).isCloseTo(0.2, within(1e-12));
    assertThat(t.intColumn("errors").get(1)).isEqualTo(1);
    assertThatThrownBy(() -> RunFrames.perGroup(items, "variant", "colour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no column colour to group by");
    assertThatThrownBy(() -> RunFrames.perGroup(items)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one column");
  }

  @Test
  void perPhaseSumsWindows() {
    Table t = RunFrames.perPhase(RunFrames.phases(RunSamples.phases(dir)));
    assertThat(t.rowCount()).isEqualTo(3);
    assertThat(t.stringColumn("phase").asList()).containsExactly("load", "warmup", "scoring");
    assertThat(t.intColumn("windows").get(1)).isEqualTo(2);
    assertThat(t.doubleColumn("energy_j").get(1)).isCloseTo(3.0, within(1e-12));
    assertThat(t.doubleColumn("duration_s").get(1)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void summaryOfAggregatesHasTheIntervals() {
    List<Aggregates.Row> rows = Aggregates.of(ResultsFile.read(RunSamples.results(dir)), 42);
    Table t = RunFrames.summary(rows);
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.columnNames()).contains("quality", "quality_ci_low", "quality_ci_high", "j_per_token_ci_high");
    assertThat(t.doubleColumn("j_per_request").get(0)).isCloseTo(3.5, within(1e-12));
  }

  @Test
  void variantsOfAPlanGiveModelAndQuantization() {
    RunPlan plan = RunPlan.parse("""
        name: q
        variants:
          - {name: a, fixture: tiny-qwen2}
          - {name: b, path: build/models/tiny-qwen2, quantization: q4}
        tasks: [summarization, text-to-sql]
        """, "test");
    Table v = RunFrames.variants(plan);
    assertThat(v.stringColumn("model").asList()).containsExactly("tiny-qwen2", "tiny-qwen2");
    assertThat(v.stringColumn("quantization").asList()).containsExactly("fp32", "q4");
    assertThat(v.intColumn("weight_bits").asList()).containsExactly(32, 4);
    Table per = RunFrames.perVariantTask(RunFrames.items(RunSamples.results(dir)));
    Table joined = RunFrames.withVariants(per, plan);
    assertThat(joined.stringColumn("quantization").asList()).containsExactly("fp32", "q4");
    assertThat(per.columnNames()).doesNotContain("quantization");                 // input unchanged
    RunPlan other = RunPlan.parse("name: o\nvariants: [tiny-llama]\ntasks: [summarization]\n", "test");
    assertThatThrownBy(() -> RunFrames.withVariants(per, other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Variant a of the table is not in plan o");
  }

  @Test
  void withCegiJoinsMeasuredInferenceWithGivenInputs() {
    Table per = RunFrames.perVariantTask(RunFrames.items(RunSamples.results(dir)));
    List<CegiInput> inputs = List.of(
        new CegiInput("a", "summarization", 0.20, 0.30, 1_000_000, 0.5, "illustrative inputs"),
        new CegiInput("b", "text-to-sql", 0.40, 0.35, 2_000_000, 0.1, "illustrative inputs"));
    Table t = RunFrames.withCegi(per, inputs);
    assertThat(t.rowCount()).isEqualTo(2);
    CegiResult expected = Cegi.of("a", 0.5, 0.20, 0.30, 1_000_000);
    assertThat(t.doubleColumn("cegi").get(0)).isCloseTo(expected.value().getAsDouble(), within(1e-12));
    assertThat(t.doubleColumn("gain").get(0)).isCloseTo(50, within(1e-9));
    assertThat(t.stringColumn("status").get(1)).isEqualTo("NO_GAIN");
    assertThat(t.doubleColumn("cegi").isMissing(1)).isTrue();
    assertThat(t.stringColumn("inputs").get(0)).isEqualTo("illustrative inputs");
    List<Lifecycle> lives = RunFrames.lifecycles(t);
    assertThat(lives.get(0).inferenceKgPerRequest()).isCloseTo(3.5 / 3.6e6 * 56 / 1000, within(1e-18));
    assertThat(RunFrames.cegiResults(t).get(0).value()).isEqualTo(expected.value());
    assertThatThrownBy(() -> RunFrames.withCegi(per,
        List.of(new CegiInput("a", "vqa", 0.2, 0.3, 10, 0.1, "illustrative inputs"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CEGI input for a x vqa has no measured row: the run has [a x summarization,"
            + " b x text-to-sql]");
  }

  @Test
  void cegiInputValidatesItsFigures() {
    assertThatThrownBy(() -> new CegiInput("a", "vqa", 0.2, 30, 10, 0.1, "illustrative inputs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tuned_metric of a must be within [0.0, 1.0], got 30.0");
    assertThatThrownBy(() -> new CegiInput("a", "vqa", 0.2, 0.3, 0, 0.1, "x"))
        .hasMessageContaining("trainable_params of a must be > 0");
  }
}
