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
    return byVariant(results, Scale.AUTO, List.of());
  }

  /** How {@link #byVariant(Collection, Scale, List)} scales its value axis. */
  public enum Scale {
    /** logarithmic when every value is positive and they span more than a factor of 20, else linear */
    AUTO,
    /** always logarithmic (variants a hundred times apart stay readable side by side) */
    LOG,
    /** always linear from 0 */
    LINEAR
  }

  /**
   * CEGI per variant as bars, best first, on the scale asked for, with a note drawn on the chart saying where the
   * inputs came from ({@code "illustrative inputs"}, {@code "energy: estimated (TDP x utilisation)"}). Variants
   * without a gain get no bar and the label "(no gain)".
   *
   * <pre>{@code
   * Show.chart(CegiPlots.byVariant(results, CegiPlots.Scale.LOG, List.of("FAKE energy: scripted probe")));
   * }</pre>
   *
   * @param notes lines of the note (may be empty: no note)
   */
  public static CategoryChart byVariant(Collection<CegiResult> results, Scale scale, List<String> notes) {
    Check.noNulls("results", results);
    Check.notNull("scale", scale);
    Check.noNulls("notes", notes);
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
    boolean positive = min > 0 && Double.isFinite(min);
    boolean log = switch (scale) {
      case AUTO -> positive && max / min > 20;
      case LOG -> positive;
      case LINEAR -> false;
    };
    Plots.logAxes(chart.getStyler(), false, log);
    if (log) {
      chart.setYAxisTitle("CEGI, " + unit + " (log scale)");
      // bars start at the decade below the smallest value: left to itself XChart starts them at 0 on a log axis
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
      chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max))));
    } else {
      chart.getStyler().setYAxisMin(0.0);
    }
    chart.getStyler().setLabelsVisible(true);
    // white value labels on the dark bars (black on the palette's blue was hard to read), near the bar's top
    chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
    chart.getStyler().setLabelsPosition(0.9);
    chart.getStyler().setLabelsFont(new java.awt.Font("DejaVu Sans", java.awt.Font.BOLD, 11));
    if (max > 0) {
      chart.getStyler().setDecimalPattern(decimalPattern(positive ? min : max));
    }
    chart.addSeries("CEGI", names, values);
    Plots.note(chart, notes);
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
   * point of every pair that crosses within {@code maxRequests} marked (a diamond; its legend entry gives N).
   *
   * @param maxRequests the right end of the x axis; {@code >= 10}
   */
  public static XYChart lifecycle(List<Lifecycle> variants, long maxRequests) {
    Check.noNulls("variants", variants);
    if (maxRequests < 10) {
      throw new IllegalArgumentException("maxRequests must be >= 10, got " + maxRequests);
    }
    String unit = variants.isEmpty() ? "" : ", " + variants.get(0).fineTuning().unitLabel();
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Lifecycle CEGI: fine-tuning + N requests").xAxisTitle("requests served (N)")
        .yAxisTitle("CEGI(N)" + unit).build();
    Plots.style(chart.getStyler());
    // below the plot, one entry a line: on the right the long break-even names squeezed the plot to half width
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
    Plots.logAxes(chart.getStyler(), true, true);
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
            XYSeries s = chart.addSeries(String.format(java.util.Locale.ROOT, "break-even %s / %s at N = %,.0f",
                variants.get(i).name(), variants.get(j).name(), n), new double[] {n}, new double[] {c.getAsDouble()});
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          }
        }
      }
    }
    return chart;
  }
}
