package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cegi.frames.MeasurementSamples;
import org.cegi.measure.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

class EnergyPlotsTest {
  private static List<Double> ys(org.knowm.xchart.CategorySeries s) {
    return s.getYData().stream().map(Number::doubleValue).toList();
  }

  private final Measurement a = MeasurementSamples.window("load", 2, 0, 40, 1, false, true);
  private final Measurement b = MeasurementSamples.window("decode", 4, 0, 100, 2, false, true);
  private final Measurement g = MeasurementSamples.window("gpu", 4, 500, 100, 2, true, false);

  @Test
  void perComponentStacksOnlyMeasuredComponentsAndNamesTheirMethods() throws Exception {
    CategoryChart c = EnergyPlots.perComponent(List.of(a, b));
    assertThat(c.getSeriesMap().keySet()).containsExactly("CPU (estimated)", "RAM (estimated)");
    assertThat(ys(c.getSeriesMap().get("CPU (estimated)"))).containsExactly(40.0, 100.0);
    assertThat(c.getSeriesMap().get("CPU (estimated)").getXData()).hasSize(2);
    assertThat(c.getStyler().isStacked()).isTrue();
    assertThat(c.getYAxisTitle()).isEqualTo("gross energy, J");
    assertThat(c.getXAxisTitle()).isEqualTo("window");
    assertThat(c.getStyler().getChartTitlePadding()).as("room made for the provenance note").isGreaterThan(5);
    PlotAssertions.rendersAsPng(c);
  }

  @Test
  void netChartUsesNetEnergyAndGpuAppearsWhenMeasured() {
    CategoryChart c = EnergyPlots.perComponent(List.of(b, g), true);
    assertThat(c.getTitle()).contains("net of idle");
    assertThat(c.getSeriesMap().keySet()).containsExactly("GPU (counter)", "CPU (estimated)", "RAM (estimated)");
    assertThat(ys(c.getSeriesMap().get("CPU (estimated)"))).containsExactly(92.0, 92.0);
    assertThat(ys(c.getSeriesMap().get("GPU (counter)"))).containsExactly(0.0, 500.0);
  }

  @Test
  void provenanceSaysWhatWasNotMeasured() {
    assertThat(EnergyPlots.provenance(List.of(a))).containsExactly("GPU: not measured",
        "CPU: estimated (TDP x utilisation)", "RAM: estimated (W per GB resident)");
    assertThat(EnergyPlots.provenance(List.of(g)).get(0)).isEqualTo("GPU: hardware energy counter");
  }

  @Test
  void repeatedWindowNamesGetTheirOwnBars() {
    CategoryChart c = EnergyPlots.perComponent(List.of(a, a));
    assertThat(c.getSeriesMap().get("CPU (estimated)").getXData()).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void aLongTitlePutsTheNoteInABandBelowIt() {
    XYChart shortTitle = EnergyPlots.powerOverTime(new double[] {0, 1}, new double[] {1, 1}, "fake");
    XYChart longTitle = EnergyPlots.powerOverTime(new double[] {0, 1}, new double[] {1, 1}, "fake");
    longTitle.setTitle("A title long enough to leave no room beside it for the provenance note, not at all");
    Plots.note(longTitle, List.of("FAKE data, a note long enough not to fit beside a long title"));
    assertThat(longTitle.getStyler().getChartTitlePadding()).isGreaterThan(shortTitle.getStyler().getChartTitlePadding());
  }

  @Test
  void measurementsWithoutComponentsAreRefused() {
    Measurement none = new Measurement("empty", java.time.Instant.EPOCH, 1, List.of(),
        org.cegi.measure.Baseline.none(), java.util.Optional.empty(), List.of());
    assertThatThrownBy(() -> EnergyPlots.perComponent(List.of(none)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no component figures");
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> EnergyPlots.perComponent(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
  }

  @Test
  void accurateVsEco2aiShowsBothAccountingsPerWindow() throws Exception {
    CategoryChart c = EnergyPlots.accurateVsEco2ai(List.of(a, g, b));
    assertThat(c.getSeriesMap().keySet()).containsExactly("this monitor (gross; probes in the note)",
        "Eco2AI-style (10 s readings)");
    assertThat(ys(c.getSeriesMap().get("this monitor (gross; probes in the note)"))).containsExactly(41.0, 102.0);
    assertThat(c.getSeriesMap().get("Eco2AI-style (10 s readings)").getYData().iterator().next().doubleValue())
        .isEqualTo(45.0);
    PlotAssertions.rendersAsPng(c);
    assertThatThrownBy(() -> EnergyPlots.accurateVsEco2ai(List.of(g)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eco2aiCompatible(true)");
  }

  @Test
  void readingsOfAConstantTraceMatchTheCounter() {
    double[] t = {0, 5, 10, 15, 20};
    double[] p = {100, 100, 100, 100, 100};
    XYChart c = EnergyPlots.powerVsReadings(t, p, 10, "fake");
    assertThat(c.getSeriesMap().keySet()).containsExactly("trace (counter): 2000 J",
        "one reading every 10 s: 2000 J (+0.0 %)", "reading instants");
    assertThat(c.getSeriesMap().get("reading instants").getXData()).hasSize(2);
  }

  @Test
  void readingsOfABurstyTraceMissTheBursts() throws Exception {
    // 1 s bursts at 300 W at t = 4..5 and 14..15, 50 W otherwise; readings at 10 and 20 see 50 W only
    double[] t = new double[21];
    double[] p = new double[21];
    for (int i = 0; i <= 20; i++) {
      t[i] = i;
      p[i] = (i == 5 || i == 15) ? 300 : 50;
    }
    XYChart c = EnergyPlots.powerVsReadings(t, p, 10, "fake bursts");
    assertThat(c.getSeriesMap().keySet()).contains("trace (counter): 1500 J",
        "one reading every 10 s: 1000 J (-33.3 %)");
    assertThat(c.getXAxisTitle()).isEqualTo("time, s");
    assertThat(c.getYAxisTitle()).isEqualTo("power, W");
    PlotAssertions.rendersAsPng(c);
  }

  @Test
  void powerOverTimeLabelsItsSourceAndSaves(@TempDir Path dir) throws Exception {
    XYChart c = EnergyPlots.powerOverTime(new double[] {0, 1, 2}, new double[] {5, 6, 7}, "replay of x.csv");
    assertThat(c.getSeriesMap().keySet()).containsExactly("power (replay of x.csv)");
    Path png = Plots.save(c, dir.resolve("p.png"));
    Path svg = Plots.save(c, dir.resolve("p.svg"));
    assertThat(Files.size(png)).isPositive();
    assertThat(Files.readString(svg)).contains("<svg");
    assertThatThrownBy(() -> EnergyPlots.powerOverTime(new double[] {0, 2, 1}, new double[] {1, 1, 1}, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times must not decrease");
  }
}
