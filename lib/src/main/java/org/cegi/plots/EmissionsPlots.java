package org.cegi.plots;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.cegi.index.CegiResult;
import org.cegi.internal.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of quality against emissions, one call each.
 *
 * <pre>{@code
 * Show.chart(EmissionsPlots.qualityVsEmissions(results));   // one point per variant, Pareto front drawn
 * List<CegiResult> front = EmissionsPlots.paretoFront(results);
 * }</pre>
 */
public final class EmissionsPlots {
  private static final Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS
  };

  private EmissionsPlots() {}

  /**
   * The variants no other variant beats on both counts (lower or equal emissions and higher or equal tuned metric,
   * one of them strictly), ordered by emissions. The input is not changed.
   */
  public static List<CegiResult> paretoFront(Collection<CegiResult> results) {
    Check.noNulls("results", results);
    List<CegiResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparingDouble(CegiResult::emissionsKg)
        .thenComparing(Comparator.comparingDouble(CegiResult::tunedMetric).reversed())
        .thenComparing(CegiResult::name));
    List<CegiResult> front = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (CegiResult r : sorted) {
      if (r.tunedMetric() > best) {
        front.add(r);
        best = r.tunedMetric();
      }
    }
    return List.copyOf(front);
  }

  /**
   * Tuned metric against emissions, one point per variant (named in the legend; "(no gain)" added where the
   * variant did not gain over its base), and the Pareto front as a line through the variants no other beats on
   * both counts. The x axis is logarithmic when the emissions are positive and span more than a factor of 20.
   *
   * @param results the variants; their metrics should share one task and scale
   * @param metricName the task metric's name for the y axis ({@code "ROUGE-L"}, {@code "accuracy"})
   */
  public static XYChart qualityVsEmissions(Collection<CegiResult> results, String metricName) {
    Check.noNulls("results", results);
    Check.nonBlank("metricName", metricName);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("results must not be empty: compute at least one CEGI first");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (CegiResult r : results) {
      min = Math.min(min, r.emissionsKg());
      max = Math.max(max, r.emissionsKg());
    }
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Quality vs emissions (up and left is better)").xAxisTitle("emissions, kg CO2e")
        .yAxisTitle(metricName + " after fine-tuning").build();
    Plots.style(chart.getStyler());
    Plots.logAxes(chart.getStyler(), min > 0 && max / min > 20, false);
    chart.getStyler().setMarkerSize(11);
    List<CegiResult> front = paretoFront(results);
    if (front.size() > 1) {
      XYSeries line = chart.addSeries("Pareto front", front.stream().map(CegiResult::emissionsKg).toList(),
          front.stream().map(CegiResult::tunedMetric).toList());
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(new java.awt.Color(0x999999));
    }
    int i = 0;
    for (CegiResult r : results) {
      String name = r.hasValue() ? r.name() : r.name() + " (no gain)";
      while (chart.getSeriesMap().containsKey(name)) {
        name = name + " ";
      }
      XYSeries s = chart.addSeries(name, new double[] {r.emissionsKg()}, new double[] {r.tunedMetric()});
      s.setMarker(MARKERS[i % MARKERS.length]);
      s.setMarkerColor(Plots.PALETTE[i % Plots.PALETTE.length]);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      i++;
    }
    return chart;
  }
}
