package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.cegi.bench.RunPlan;
import org.cegi.frames.CegiInput;
import org.cegi.frames.RunFrames;
import org.cegi.frames.RunSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

class RunPlotsTest {
  @TempDir Path dir;

  private Table items() {
    return RunFrames.items(RunSamples.results(dir));
  }

  private Table withCegi() {
    Table per = RunFrames.perVariantTask(items()).copy();
    per.addRow(1, per);                            // b measured on summarization too, at its text-to-sql cost
    per.stringColumn("task").set(2, "summarization");
    return RunFrames.withCegi(per, List.of(
        new CegiInput("a", "summarization", 0.20, 0.30, 1_000_000, 0.05, "illustrative inputs"),
        new CegiInput("b", "summarization", 0.20, 0.25, 2_000_000, 0.1, "illustrative inputs"),
        new CegiInput("b", "text-to-sql", 0.40, 0.35, 2_000_000, 0.1, "illustrative inputs")));
  }

  /** The note's lines as {@link RunPlots} computes them, and proof that the chart made room for a note. */
  private static String note(Chart<?, ?> chart, Table t, List<String> notes) {
    assertThat(chart.getStyler().getChartTitlePadding()).as("room made for the provenance note").isGreaterThan(5);
    return String.join("\n", RunPlots.provenance(t, notes));
  }

  @Test
  void energyPerComponentStacksTheMeasuredComponentsAndSaysHow() throws Exception {
    Table per = RunFrames.perVariantTask(items());
    CategoryChart c = RunPlots.energyPerComponent(per, List.of("random weights"));
    assertThat(c.getSeriesMap().keySet()).containsExactly("CPU (estimated)", "RAM (estimated)");
    assertThat(c.getSeriesMap().get("CPU (estimated)").getXData().stream().map(Object::toString).toList())
        .containsExactly("a · summarization", "b · text-to-sql");
    assertThat(c.getStyler().isStacked()).isTrue();
    assertThat(c.getYAxisTitle()).isEqualTo("energy per request, J");
    assertThat(c.getXAxisTitle()).isEqualTo("variant x task");
    assertThat(note(c, per, List.of("random weights"))).contains("CPU: estimated (TDP x utilisation)",
        "GPU: not measured", "random weights");
    PlotAssertions.rendersAsPng(c);
    assertThatThrownBy(() -> RunPlots.energyPerComponent(RunFrames.summary(List.of()), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no column energy_gpu_j")
        .hasMessageContaining("make it with RunFrames.perVariantTask(items)");
  }

  @Test
  void jPerTokenVsBatchSizeHasOneLinePerVariantAndTask() throws Exception {
    Table byBatch = RunFrames.perGroup(items(), "variant", "task", "batch_size");
    XYChart c = RunPlots.jPerTokenVsBatchSize(byBatch, List.of());
    assertThat(c.getSeriesMap().keySet()).containsExactly("a · summarization", "b · text-to-sql");
    assertThat(c.getSeriesMap().get("a · summarization").getXData()).containsExactly(1.0, 2.0);
    assertThat(c.getSeriesMap().get("a · summarization").getYData()[0]).isEqualTo(0.3, org.assertj.core.api
        .Assertions.within(1e-12));
    assertThat(c.getSeriesMap().get("a · summarization").getExtraValues()).hasSize(2);
    assertThat(c.getXAxisTitle()).isEqualTo("batch size (requests per window)");
    assertThat(c.getStyler().getxAxisTickLabelsFormattingFunction().apply(2.0)).isEqualTo("2");
    assertThat(c.getStyler().getxAxisTickLabelsFormattingFunction().apply(1.5)).isEmpty();   // no half batches
    assertThat(c.getYAxisTitle()).isEqualTo("energy per output token, J");
    assertThat(note(c, byBatch, List.of())).contains("CPU: estimated");
    PlotAssertions.rendersAsPng(c);
    assertThatThrownBy(() -> RunPlots.jPerTokenVsBatchSize(RunFrames.perVariantTask(items()), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no column batch_size");
  }

  @Test
  void jPerTokenVsQuantizationOrdersEncodingsByBits() throws Exception {
    RunPlan plan = RunPlan.parse("""
        name: q
        variants:
          - {name: a, fixture: tiny-qwen2}
          - {name: b, path: build/models/tiny-qwen2, quantization: q4}
        tasks: [summarization, text-to-sql]
        """, "test");
    Table byQ = RunFrames.perGroup(RunFrames.withVariants(items(), plan), "model", "task", "quantization",
        "weight_bits");
    CategoryChart c = RunPlots.jPerTokenVsQuantization(byQ, List.of());
    assertThat(c.getSeriesMap().keySet()).containsExactly("tiny-qwen2 · summarization", "tiny-qwen2 · text-to-sql");
    assertThat(c.getSeriesMap().get("tiny-qwen2 · summarization").getXData().stream().map(Object::toString).toList())
        .containsExactly("fp32 (32 bit)", "q4 (4 bit)");
    assertThat(c.getXAxisTitle()).isEqualTo("quantization (bits per weight)");
    PlotAssertions.rendersAsPng(c);
  }

  @Test
  void qualityVsEmissionsAndLifecycleUseOneTaskAndLabelTheirInputs() throws Exception {
    Table t = withCegi();
    XYChart q = RunPlots.qualityVsEmissions(t, "summarization", 1_000_000, List.of("illustrative inputs"));
    assertThat(q.getSeriesMap().keySet()).contains("a", "b");
    assertThat(q.getSeriesMap().get("a").getXData()[0])
        .isEqualTo(0.05 + 1_000_000 * 3.5 / 3.6e6 * 56 / 1000, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(q.getXAxisTitle()).isEqualTo("fine-tuning + inference emissions, kg CO2e");
    assertThat(note(q, t, List.of("illustrative inputs"))).contains("illustrative inputs", "CPU: estimated");
    PlotAssertions.rendersAsPng(q);
    XYChart l = RunPlots.lifecycle(t, "summarization", 100_000_000_000L, List.of("illustrative inputs"));
    assertThat(l.getSeriesMap().keySet()).contains("a", "b");
    assertThat(l.getSeriesMap().keySet().stream().filter(k -> k.startsWith("break-even")).toList()).hasSize(1);
    assertThat(l.getXAxisTitle()).isEqualTo("requests served (N)");
    assertThat(l.getStyler().getChartTitlePadding()).isGreaterThan(5);
    PlotAssertions.rendersAsPng(l);
    assertThatThrownBy(() -> RunPlots.lifecycle(t, "vqa", 1000, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no row for task vqa; its tasks are [summarization, text-to-sql]");
  }
}
