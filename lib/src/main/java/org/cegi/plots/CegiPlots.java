package org.cegi.plots;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;
import org.cegi.index.BreakEven;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.Lifecycle;
import org.cegi.internal.Check;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of CEGI results, one call each.
 *
 * <pre>{@code
 * Show.chart(CegiPlots.byVariant(results));                 // bars, lowest first, "no gain" labelled
 * Show.chart(CegiPlots.lifecycle(lifecycles, 10_000_000));  // CEGI vs requests with break-even points
 * }</pre>
 */
public final class CegiPlots {
  private CegiPlots() {}

  /**
   * CEGI per variant as bars, best first. Variants without a gain get no bar and the label "(no gain)" — their
   * CEGI is undefined, not zero. The y axis is logarithmic when every value is positive and they span more than
   * a factor of 20.
   */
  public static CategoryChart byVariant(Collection<CegiResult> results) {
    Check.noNulls("results", results);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("results must not be empty: compute at least one CEGI first");
    }
    List<CegiResult> ranked = Cegi.rank(results);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (CegiResult r : ranked) {
      OptionalDouble v = r.value();
      names.add(v.isPresent() ? r.name() : r.name() + " (no gain)");
      values.add(v.isPresent() ? v.getAsDouble() : null);
      if (v.isPresent()) {
        min = Math.min(min, v.getAsDouble());
        max = Math.max(max, v.getAsDouble());
      }
    }
    String unit = ranked.get(0).unitLabel();
    CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("CEGI by variant (lower is better)").xAxisTitle("variant").yAxisTitle("CEGI, " + unit).build();
    Plots.style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(names.size() > 4 ? 30 : 0);
    boolean log = min > 0 && max / min > 20;
    chart.getStyler().setYAxisLogarithmic(log);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    if (max > 0) {
      chart.getStyler().setDecimalPattern(decimalPattern(min > 0 && Double.isFinite(min) ? min : max));
    }
    chart.addSeries("CEGI", names, values);
    return chart;
  }

  /**
   * A decimal pattern that shows {@code smallest} with three significant digits (and larger values with at least
   * as many decimals): {@code 0.0784} → {@code "#,##0.####"}, {@code 12.3} → {@code "#,##0.#"}.
   */
  static String decimalPattern(double smallest) {
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(smallest)));
    return decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(Math.min(decimals, 12));
  }

  /**
   * Lifecycle CEGI against the number of requests served (log–log), one line per variant, with the break-even
   * point of every pair that crosses within {@code maxRequests} marked.
   *
   * @param maxRequests the right end of the x axis; {@code >= 10}
   */
  public static XYChart lifecycle(List<Lifecycle> variants, long maxRequests) {
    Check.noNulls("variants", variants);
    if (maxRequests < 10) {
      throw new IllegalArgumentException("maxRequests must be >= 10, got " + maxRequests);
    }
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Lifecycle CEGI: fine-tuning + N requests").xAxisTitle("requests served (N)")
        .yAxisTitle("CEGI(N)").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    int points = 60;
    for (Lifecycle l : variants) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i <= points; i++) {
        long n = Math.max(1, Math.round(Math.pow(10, Math.log10(maxRequests) * i / points)));
        OptionalDouble c = l.cegiAt(n);
        if (c.isPresent() && c.getAsDouble() > 0) {
          xs.add((double) n);
          ys.add(c.getAsDouble());
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(l.name(), xs, ys).setMarker(SeriesMarkers.NONE);
      }
    }
    for (int i = 0; i < variants.size(); i++) {
      for (int j = i + 1; j < variants.size(); j++) {
        BreakEven be = Lifecycle.breakEven(variants.get(i), variants.get(j));
        if (be.exists() && be.requests().getAsDouble() >= 1 && be.requests().getAsDouble() <= maxRequests) {
          double n = be.requests().getAsDouble();
          OptionalDouble c = variants.get(i).cegiAt((long) Math.ceil(n));
          if (c.isPresent() && c.getAsDouble() > 0) {
            XYSeries s = chart.addSeries("break-even " + variants.get(i).name() + " / " + variants.get(j).name(),
                new double[] {n}, new double[] {c.getAsDouble()});
            s.setMarker(SeriesMarkers.DIAMOND);
          }
        }
      }
    }
    return chart;
  }
}
