package org.cegi.plots;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cegi.energy.Component;
import org.cegi.energy.Method;
import org.cegi.internal.Check;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Measurement;
import org.cegi.measure.PowerTrace;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of measured energy, one call each. Every chart says on itself how its figures were obtained: the legend
 * names each component's method and a note in the plot spells out estimated, fake or replayed data.
 *
 * <pre>{@code
 * Show.chart(EnergyPlots.perComponent(monitor.measurements()));        // stacked GPU / CPU / RAM per window
 * Show.chart(EnergyPlots.accurateVsEco2ai(monitor.measurements()));    // the same windows, two accountings
 * Show.chart(EnergyPlots.powerVsReadings(timeS, powerW, 10, "replay of trace.csv"));
 * }</pre>
 */
public final class EnergyPlots {
  private EnergyPlots() {}

  /** What a method means, in a few words, for chart notes. */
  public static String describe(Component c, Method m) {
    return switch (m) {
      case COUNTER -> "hardware energy counter";
      case SAMPLED -> "power sampled and integrated";
      case RAPL -> "RAPL counter (whole package)";
      case ESTIMATED -> c == Component.CPU ? "estimated (TDP x utilisation)"
          : c == Component.RAM ? "estimated (W per GB resident)" : "estimated";
      case FAKE -> "FAKE (scripted, not a measurement)";
      case REPLAY -> "REPLAY of a recorded trace";
      case INSTANTANEOUS -> "one power reading x duration";
    };
  }

  /**
   * The lines of the provenance note of measurements: one per component measured, {@code "CPU: estimated (TDP x
   * utilisation)"}, and {@code "GPU: not measured"} for a component no window has.
   */
  public static List<String> provenance(Collection<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    List<String> lines = new ArrayList<>();
    for (Component c : Component.values()) {
      Set<String> methods = new LinkedHashSet<>();
      for (Measurement m : measurements) {
        m.method(c).ifPresent(x -> methods.add(describe(c, x)));
      }
      lines.add(c.name() + ": " + (methods.isEmpty() ? "not measured" : String.join(" / ", methods)));
    }
    return lines;
  }

  /**
   * Energy per window as stacked bars, one segment per component (GPU, CPU, RAM) that any window measured. The
   * legend names each component's method; a note in the plot lists how each component was obtained, including
   * the ones not measured.
   *
   * @param measurements the windows, in the order shown
   * @param net true for net energy (idle baseline subtracted), false for gross
   */
  public static CategoryChart perComponent(List<Measurement> measurements, boolean net) {
    Check.noNulls("measurements", measurements);
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException("measurements must not be empty: measure at least one window first");
    }
    List<String> names = new ArrayList<>();
    for (Measurement m : measurements) {
      String n = m.name();
      while (names.contains(n)) {
        n = n + " ";            // XChart needs distinct categories; a repeated window name gets its own bar
      }
      names.add(n);
    }
    CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Energy per window and component (" + (net ? "net of idle" : "gross") + ")")
        .xAxisTitle("window").yAxisTitle((net ? "net" : "gross") + " energy, J").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setStacked(true);
    chart.getStyler().setXAxisLabelRotation(names.size() > 5 ? 30 : 0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    for (Component c : Component.values()) {
      Set<String> methods = new LinkedHashSet<>();
      List<Double> values = new ArrayList<>();
      for (Measurement m : measurements) {
        m.method(c).ifPresent(x -> methods.add(x.label()));
        values.add(net ? m.net(c).joules() : m.gross(c).joules());
      }
      if (!methods.isEmpty()) {
        chart.addSeries(c.name() + " (" + String.join("/", methods) + ")", names, values);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      throw new IllegalArgumentException("The measurements have no component figures to plot.");
    }
    Plots.note(chart, provenance(measurements));
    return chart;
  }

  /** Gross energy per window and component: {@link #perComponent(List, boolean)} with {@code net = false}. */
  public static CategoryChart perComponent(List<Measurement> measurements) {
    return perComponent(measurements, false);
  }

  /**
   * The same windows accounted two ways, side by side: this monitor's gross energy and the Eco2AI-compatible
   * figure (a reading every 10 s × elapsed time, TDP × CPU share, 0.375 W/GB). Only windows with Eco2AI figures
   * are shown.
   *
   * @throws IllegalArgumentException when no window has Eco2AI figures
   */
  public static CategoryChart accurateVsEco2ai(List<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    List<Measurement> with = measurements.stream().filter(m -> m.eco2ai().isPresent()).toList();
    if (with.isEmpty()) {
      throw new IllegalArgumentException("None of the " + measurements.size() + " measurements has Eco2AI-compatible "
          + "figures: build the monitor with EnergyMonitor.builder()...eco2aiCompatible(true).");
    }
    List<String> names = new ArrayList<>();
    List<Double> accurate = new ArrayList<>();
    List<Double> eco = new ArrayList<>();
    for (Measurement m : with) {
      String n = m.name();
      while (names.contains(n)) {
        n = n + " ";
      }
      names.add(n);
      accurate.add(m.grossEnergy().joules());
      eco.add(m.eco2ai().get().total().joules());
    }
    CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Same windows, two accountings").xAxisTitle("window").yAxisTitle("energy, J").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(names.size() > 5 ? 30 : 0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    chart.addSeries("this monitor (gross; probes in the note)", names, accurate);
    chart.addSeries("Eco2AI-style (10 s readings)", names, eco);
    Plots.note(chart, provenance(with));
    return chart;
  }

  /**
   * Power over time as a monitor's sampling thread saw it ({@link EnergyMonitor#powerTrace()}): one line per probe,
   * labelled with its component, probe and method; the note on the chart says how each was obtained (an estimated
   * CPU line is an estimate, not a reading).
   *
   * @throws IllegalArgumentException when the trace has no probe with at least two points yet
   */
  public static XYChart powerOverTime(PowerTrace trace) {
    Check.notNull("trace", trace);
    List<PowerTrace.Series> series = trace.series().stream().filter(x -> x.size() >= 2).toList();
    if (series.isEmpty()) {
      throw new IllegalArgumentException("the power trace has fewer than 2 points per probe: let the monitor's"
          + " sampling thread run (0.1 s per point by default) before plotting it");
    }
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title("Power over time (sampler)")
        .xAxisTitle("time since the monitor started, s").yAxisTitle("power, W").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    List<String> notes = new java.util.ArrayList<>();
    for (PowerTrace.Series x : series) {
      chart.addSeries(x.component().name() + " (" + x.probe() + ", " + x.method().label() + ")", x.timeS(),
          x.powerW()).setMarker(SeriesMarkers.NONE);
      String line = x.component().name() + ": " + describe(x.component(), x.method());
      if (!notes.contains(line)) {
        notes.add(line);
      }
    }
    if (trace.truncated()) {
      notes.add("oldest points dropped: the trace keeps " + trace.capacity() + " per probe");
    }
    Plots.note(chart, notes);
    return chart;
  }

  /**
   * Power over time from a trace (a recording, a replay, or readings you took), one line.
   *
   * @param timeS times in s, ascending
   * @param powerW power in W at those times
   * @param provenance what the trace is, shown on the chart ({@code "replay of gpu-trace.csv"}, {@code "fake"})
   */
  public static XYChart powerOverTime(double[] timeS, double[] powerW, String provenance) {
    checkTrace(timeS, powerW);
    Check.nonBlank("provenance", provenance);
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title("Power over time")
        .xAxisTitle("time, s").yAxisTitle("power, W").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.addSeries("power (" + provenance + ")", timeS, powerW).setMarker(SeriesMarkers.NONE);
    Plots.note(chart, List.of(provenance));
    return chart;
  }

  /**
   * A power trace and what a tracker that reads power every {@code periodS} seconds counts from it: at each
   * reading it multiplies the power of that instant by the time since the previous reading, so between readings
   * it assumes the power it reads at the end (a step line). The energies of both are in the legend.
   *
   * @param timeS times in s, ascending, starting at the window's start
   * @param powerW power in W at those times (the power of the interval ending at that time)
   * @param periodS the tracker's reading period in s ({@code 10} for Eco2AI), {@code > 0}
   * @param provenance what the trace is, shown on the chart
   */
  public static XYChart powerVsReadings(double[] timeS, double[] powerW, double periodS, String provenance) {
    checkTrace(timeS, powerW);
    Check.positive("period_s", periodS);
    Check.nonBlank("provenance", provenance);
    double traceJ = 0;
    for (int i = 1; i < timeS.length; i++) {
      traceJ += powerW[i] * (timeS[i] - timeS[i - 1]);
    }
    List<Double> rx = new ArrayList<>();
    List<Double> ry = new ArrayList<>();
    double start = timeS[0];
    double end = timeS[timeS.length - 1];
    double readJ = 0;
    double prev = start;
    for (double t = start + periodS; prev < end; t += periodS) {
      double at = Math.min(t, end);
      double p = powerAt(timeS, powerW, at);
      rx.add(prev);
      ry.add(p);
      rx.add(at);
      ry.add(p);
      readJ += p * (at - prev);
      prev = at;
    }
    XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Power trace vs one reading every " + seconds(periodS) + " s")
        .xAxisTitle("time, s").yAxisTitle("power, W").build();
    Plots.style(chart.getStyler());
    chart.getStyler().setYAxisMin(0.0);      // from 0: a bare 60..300 range gets only its two end ticks
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
    chart.addSeries(String.format(Locale.ROOT, "trace (counter): %.0f J", traceJ), timeS, powerW)
        .setMarker(SeriesMarkers.NONE);
    XYSeries s = chart.addSeries(String.format(Locale.ROOT, "one reading every %s s: %.0f J (%+.1f %%)",
        seconds(periodS), readJ, traceJ > 0 ? 100 * (readJ - traceJ) / traceJ : 0.0), rx, ry);
    s.setMarker(SeriesMarkers.NONE);
    List<Double> px = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    for (int i = 1; i < rx.size(); i += 2) {
      px.add(rx.get(i));
      py.add(ry.get(i));
    }
    XYSeries r = chart.addSeries("reading instants", px, py);
    r.setMarker(SeriesMarkers.CIRCLE);
    r.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    Plots.note(chart, List.of(provenance));
    return chart;
  }

  private static String seconds(double s) {
    return new java.math.BigDecimal(s).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static double powerAt(double[] t, double[] p, double at) {
    for (int i = 1; i < t.length; i++) {
      if (t[i] >= at) {
        return p[i];
      }
    }
    return p[p.length - 1];
  }

  private static void checkTrace(double[] timeS, double[] powerW) {
    Check.notNull("timeS", timeS);
    Check.notNull("powerW", powerW);
    if (timeS.length != powerW.length || timeS.length < 2) {
      throw new IllegalArgumentException("a trace needs as many times as powers and at least 2 of each, got "
          + timeS.length + " times and " + powerW.length + " powers");
    }
    for (int i = 0; i < timeS.length; i++) {
      Check.finite("time_s", timeS[i]);
      Check.nonNegative("power_w", powerW[i]);
      if (i > 0 && timeS[i] < timeS[i - 1]) {
        throw new IllegalArgumentException("times must not decrease: time_s[" + i + "] = " + timeS[i]
            + " < " + timeS[i - 1] + "; sort the trace by time");
      }
    }
  }
}
