package org.cegi.plots;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cegi.energy.Component;
import org.cegi.energy.Method;
import org.cegi.frames.RunFrames;
import org.cegi.index.CegiResult;
import org.cegi.index.Lifecycle;
import org.cegi.internal.Check;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Charts of run results (tables of {@link RunFrames}), one call each. Every chart says on itself how its energy was
 * obtained (a note listing each component's method: "CPU: estimated (TDP x utilisation)", "GPU: not measured"),
 * plus the caller's own notes ({@code "random-weight fixtures: quality ~0"}, {@code "illustrative inputs"}).
 *
 * <pre>{@code
 * Table items = RunFrames.items(result.resultsFile());
 * Show.chart(RunPlots.energyPerComponent(RunFrames.perVariantTask(items), List.of()));
 * Show.chart(RunPlots.jPerTokenVsBatchSize(RunFrames.perGroup(sweepItems, "variant", "task", "batch_size"), notes));
 * Show.chart(RunPlots.lifecycle(cegiTable, "summarization", 10_000_000, List.of("illustrative inputs")));
 * }</pre>
 */
public final class RunPlots {
  private RunPlots() {}

  /**
   * Energy per request as stacked bars, one bar per row (variant × task, or whatever the table groups), one
   * segment per component (GPU, CPU, RAM) that any row measured; the legend names each component's method.
   *
   * @param perGroup a table of {@link RunFrames#perGroup} / {@link RunFrames#perVariantTask}
   * @param notes extra lines for the chart's note (may be empty)
   */
  public static CategoryChart energyPerComponent(Table perGroup, List<String> notes) {
    Check.notNull("perGroup", perGroup);
    Check.noNulls("notes", notes);
    require(perGroup, List.of("variant", "energy_gpu_j", "energy_cpu_j", "energy_ram_j", "method_gpu", "method_cpu",
        "method_ram"), "RunFrames.perVariantTask(items)");
    nonEmpty(perGroup);
    List<String> labels = labels(perGroup);
    CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Energy per request by component").xAxisTitle(String.join(" x ", groupColumns(perGroup)))
        .yAxisTitle("energy per request, J").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setStacked(true);
    chart.getStyler().setXAxisLabelRotation(labels.size() > 4 ? 30 : 0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    for (Component c : Component.values()) {
      String col = c.label();
      Set<String> methods = methods(perGroup, "method_" + col);
      if (methods.isEmpty()) {
        continue;
      }
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < perGroup.rowCount(); i++) {
        double v = perGroup.doubleColumn("energy_" + col + "_j").getDouble(i);
        values.add(Double.isNaN(v) ? 0.0 : v);
      }
      chart.addSeries(c.name() + " (" + String.join("/", methods) + ")", labels, values);
    }
    if (chart.getSeriesMap().isEmpty()) {
      throw new IllegalArgumentException("Table \"" + perGroup.name() + "\" has no measured component (every"
          + " method_* column says " + RunFrames.NOT_MEASURED + "): were all requests errors?");
    }
    Plots.note(chart, provenance(perGroup, notes));
    return chart;
  }

  /**
   * Mean energy per output token against batch size, one line per variant × task, with 95 % intervals as error
   * bars. Larger batches share one window's energy among more requests.
   *
   * @param byBatch a table of {@code RunFrames.perGroup(items, "variant", "task", "batch_size")}
   * @param notes extra lines for the chart's note (may be empty)
   */
  public static XYChart jPerTokenVsBatchSize(Table byBatch, List<String> notes) {
    Check.notNull("byBatch", byBatch);
    Check.noNulls("notes", notes);
    require(byBatch, List.of("variant", "task", "batch_size", "j_per_token", "j_per_token_ci_low",
        "j_per_token_ci_high"), "RunFrames.perGroup(items, \"variant\", \"task\", \"batch_size\")");
    nonEmpty(byBatch);
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Energy per output token vs batch size").xAxisTitle("batch size (requests per window)")
        .yAxisTitle("energy per output token, J").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setYAxisMin(0.0);
    Map<String, TreeMap<Integer, double[]>> lines = new LinkedHashMap<>();
    for (int i = 0; i < byBatch.rowCount(); i++) {
      double v = byBatch.doubleColumn("j_per_token").getDouble(i);
      if (Double.isNaN(v) || byBatch.intColumn("batch_size").isMissing(i)) {
        continue;
      }
      String name = byBatch.stringColumn("variant").get(i) + " · " + byBatch.stringColumn("task").get(i);
      double half = halfWidth(byBatch, "j_per_token", i);
      lines.computeIfAbsent(name, k -> new TreeMap<>()).put(byBatch.intColumn("batch_size").getInt(i),
          new double[] {v, half});
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Table \"" + byBatch.name() + "\" has no J/token value: no request"
          + " produced output tokens without an error.");
    }
    Set<Integer> sizes = new java.util.TreeSet<>();
    lines.forEach((name, pts) -> {
      sizes.addAll(pts.keySet());
      double[] x = pts.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      double[] y = pts.values().stream().mapToDouble(a -> a[0]).toArray();
      double[] e = pts.values().stream().mapToDouble(a -> a[1]).toArray();
      XYSeries s = chart.addSeries(name, x, y, e);
      s.setMarker(SeriesMarkers.CIRCLE);
    });
    chart.getStyler().setXAxisDecimalPattern("0");
    // batch sizes are whole numbers: label only the whole ticks (the house style's labels would show 0.5, 1.5, ...)
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> v == Math.rint(v) ? Plots.tickLabel(v) : "");
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(sizes.stream().mapToInt(Integer::intValue).max().orElse(1) + 1.0);
    List<String> all = new ArrayList<>(notes);
    all.add("error bars: 95 % interval over requests");
    Plots.note(chart, provenance(byBatch, all));
    return chart;
  }

  /**
   * Mean energy per output token by weight encoding, most bits first, one bar group per quantization and one bar
   * per model × task, with 95 % intervals as error bars.
   *
   * @param byQuantization a table of {@code RunFrames.perGroup(RunFrames.withVariants(items, plan), "model",
   *     "task", "quantization", "weight_bits")}
   * @param notes extra lines for the chart's note (may be empty)
   */
  public static CategoryChart jPerTokenVsQuantization(Table byQuantization, List<String> notes) {
    Check.notNull("byQuantization", byQuantization);
    Check.noNulls("notes", notes);
    require(byQuantization, List.of("model", "task", "quantization", "weight_bits", "j_per_token",
        "j_per_token_ci_low", "j_per_token_ci_high"),
        "RunFrames.perGroup(RunFrames.withVariants(items, plan), \"model\", \"task\", \"quantization\","
            + " \"weight_bits\")");
    nonEmpty(byQuantization);
    Map<String, Integer> bitsOf = new LinkedHashMap<>();
    Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
    for (int i = 0; i < byQuantization.rowCount(); i++) {
      double v = byQuantization.doubleColumn("j_per_token").getDouble(i);
      if (Double.isNaN(v)) {
        continue;
      }
      String q = byQuantization.stringColumn("quantization").get(i);
      bitsOf.put(q, byQuantization.intColumn("weight_bits").getInt(i));
      String name = byQuantization.stringColumn("model").get(i) + " · " + byQuantization.stringColumn("task").get(i);
      series.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(q,
          new double[] {v, halfWidth(byQuantization, "j_per_token", i)});
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("Table \"" + byQuantization.name() + "\" has no J/token value: no request"
          + " produced output tokens without an error.");
    }
    List<String> quants = new ArrayList<>(bitsOf.keySet());
    quants.sort(Comparator.comparing((String q) -> -bitsOf.get(q)).thenComparing(q -> q));
    List<String> categories = quants.stream().map(q -> q + " (" + bitsOf.get(q) + " bit)").toList();
    CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Energy per output token by weight encoding").xAxisTitle("quantization (bits per weight)")
        .yAxisTitle("energy per output token, J").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    series.forEach((name, byQ) -> {
      List<Double> y = new ArrayList<>();
      List<Double> e = new ArrayList<>();
      for (String q : quants) {
        double[] p = byQ.get(q);
        y.add(p == null ? 0.0 : p[0]);
        e.add(p == null ? 0.0 : p[1]);
      }
      chart.addSeries(name, categories, y, e);
    });
    List<String> all = new ArrayList<>(notes);
    all.add("error bars: 95 % interval over requests");
    Plots.note(chart, provenance(byQuantization, all));
    return chart;
  }

  /**
   * Task quality after fine-tuning against emissions over the variant's life (fine-tuning plus {@code requests}
   * requests at the measured cost per request), one point per variant, with the Pareto front
   * ({@link EmissionsPlots#qualityVsEmissions}).
   *
   * @param withCegi a table of {@link RunFrames#withCegi}
   * @param task the task whose rows are shown
   * @param requests requests served, {@code >= 0} (0: fine-tuning only, as in the paper)
   * @param notes extra lines for the chart's note (say where quality and fine-tuning figures come from)
   */
  public static XYChart qualityVsEmissions(Table withCegi, String task, long requests, List<String> notes) {
    Check.nonNegative("requests", requests);
    Check.noNulls("notes", notes);
    Table rows = forTask(withCegi, task);
    List<CegiResult> at = new ArrayList<>();
    for (Lifecycle l : RunFrames.lifecycles(rows)) {
      at.add(l.fineTuning().withEmissionsKg(l.emissionsKgAt(requests)));
    }
    XYChart chart = EmissionsPlots.qualityVsEmissions(at, "quality (0-1)");
    chart.setTitle(requests == 0 ? "Quality vs fine-tuning emissions · " + task
        : String.format(java.util.Locale.ROOT, "Quality vs emissions after %,d requests · %s", requests, task));
    chart.setXAxisTitle(requests == 0 ? "fine-tuning emissions, kg CO2e"
        : "fine-tuning + inference emissions, kg CO2e");
    Plots.note(chart, provenance(rows, notes));
    return chart;
  }

  /**
   * Lifecycle CEGI against requests served for the variants of one task, with break-even points
   * ({@link CegiPlots#lifecycle}): fine-tuning emissions plus the measured emissions per request.
   *
   * @param withCegi a table of {@link RunFrames#withCegi}
   * @param task the task whose rows are shown
   * @param maxRequests the right end of the x axis, {@code >= 10}
   * @param notes extra lines for the chart's note
   */
  public static XYChart lifecycle(Table withCegi, String task, long maxRequests, List<String> notes) {
    Check.noNulls("notes", notes);
    Table rows = forTask(withCegi, task);
    XYChart chart = CegiPlots.lifecycle(RunFrames.lifecycles(rows), maxRequests);
    chart.setTitle("Lifecycle CEGI: fine-tuning + N requests · " + task);
    List<String> all = new ArrayList<>(notes);
    all.add("CEGI unit: " + RunFrames.cegiResults(rows).get(0).unitLabel());
    Plots.note(chart, provenance(rows, all));
    return chart;
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private static Table forTask(Table withCegi, String task) {
    Check.notNull("withCegi", withCegi);
    Check.nonBlank("task", task);
    require(withCegi, List.of("variant", "task", "co2e_g_per_request", "base_metric", "tuned_metric",
        "trainable_params", "fine_tuning_kg_co2e"), "RunFrames.withCegi(perVariantTask, inputs)");
    Table rows = withCegi.where(withCegi.stringColumn("task").isEqualTo(task));
    if (rows.rowCount() == 0) {
      throw new IllegalArgumentException("Table \"" + withCegi.name() + "\" has no row for task " + task
          + "; its tasks are " + new LinkedHashSet<>(withCegi.stringColumn("task").asList())
          + ". Give CEGI inputs for that task or pick one of these.");
    }
    return rows;
  }

  private static void require(Table t, List<String> columns, String from) {
    List<String> missing = columns.stream().filter(c -> !t.containsColumn(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Table \"" + t.name() + "\" has no column " + String.join(", ", missing)
          + ": make it with " + from + ".");
    }
  }

  private static void nonEmpty(Table t) {
    if (t.rowCount() == 0) {
      throw new IllegalArgumentException("Table \"" + t.name() + "\" has no rows: run the plan first, or check the"
          + " filter that emptied it.");
    }
  }

  private static List<String> groupColumns(Table t) {
    List<String> keys = new ArrayList<>();
    for (String c : t.columnNames()) {
      if (c.equals("requests")) {
        break;
      }
      keys.add(c);
    }
    return keys.isEmpty() ? List.of("variant") : keys;
  }

  private static List<String> labels(Table t) {
    List<String> cols = groupColumns(t);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      List<String> parts = new ArrayList<>();
      for (String c : cols) {
        parts.add(t.column(c).getString(i));
      }
      String label = String.join(" · ", parts);
      while (out.contains(label)) {
        label = label + " ";
      }
      out.add(label);
    }
    return out;
  }

  private static Set<String> methods(Table t, String column) {
    Set<String> out = new LinkedHashSet<>();
    if (!t.containsColumn(column)) {
      return out;
    }
    for (String s : t.stringColumn(column)) {
      for (String m : s.split("/")) {
        if (!m.isBlank() && !m.equals(RunFrames.NOT_MEASURED)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** The note: one line per component with its method described, then the caller's lines. */
  static List<String> provenance(Table t, Collection<String> notes) {
    List<String> lines = new ArrayList<>();
    for (Component c : Component.values()) {
      Set<String> described = new LinkedHashSet<>();
      for (String m : methods(t, "method_" + c.label())) {
        try {
          described.add(EnergyPlots.describe(c, Method.ofLabel(m)));
        } catch (IllegalArgumentException e) {
          described.add(m);
        }
      }
      lines.add(c.name() + ": " + (described.isEmpty() ? "not measured" : String.join(" / ", described)));
    }
    lines.addAll(notes);
    return lines;
  }

  private static double halfWidth(Table t, String column, int row) {
    double lo = t.doubleColumn(column + "_ci_low").getDouble(row);
    double hi = t.doubleColumn(column + "_ci_high").getDouble(row);
    return Double.isNaN(lo) || Double.isNaN(hi) ? 0.0 : (hi - lo) / 2.0;
  }
}
