package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.EmissionsUnit;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class CegiPlotsTest {
  @Test
  void barLabelsShowThreeSignificantDigitsOfTheSmallestValue() throws Exception {
    assertThat(CegiPlots.decimalPattern(0.0784)).isEqualTo("#,##0.####");
    assertThat(CegiPlots.decimalPattern(12.3)).isEqualTo("#,##0.#");
    assertThat(CegiPlots.decimalPattern(4_321)).isEqualTo("#,##0");
    List<CegiResult> rs = List.of(
        Cegi.builder().name("a").emissionsKg(0.0345).base(0.2).tuned(0.3).trainableParams(8_798_208)
            .unit(EmissionsUnit.GRAMS).build(),
        Cegi.builder().name("b").emissionsKg(0.2).base(0.2).tuned(0.19).trainableParams(8_798_208)
            .unit(EmissionsUnit.GRAMS).build());
    CategoryChart c = CegiPlots.byVariant(rs);
    assertThat(c.getStyler().getDecimalPattern()).isEqualTo("#,##0.####");
    assertThat(c.getSeriesMap().get("CEGI").getXData().stream().map(Object::toString).toList())
        .containsExactly("a", "b (no gain)");
    PlotAssertions.rendersAsPng(c);
  }

  @Test
  void byVariantOnALogScaleSaysSoAndCarriesItsNote() throws Exception {
    List<CegiResult> rs = List.of(Cegi.of("small", 0.1, 0.2, 0.3, 1_000_000), Cegi.of("large", 0.2, 0.2, 0.21,
        100_000_000), Cegi.of("worse", 0.1, 0.3, 0.2, 1_000_000));
    CategoryChart log = CegiPlots.byVariant(rs, CegiPlots.Scale.LOG, List.of("FAKE energy: scripted probe"));
    assertThat(log.getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(log.getYAxisTitle()).endsWith("(log scale)");
    assertThat(log.getSeriesMap().get("CEGI").getXData().stream().map(Object::toString).toList())
        .containsExactly("large", "small", "worse (no gain)");
    assertThat(log.getStyler().getChartTitlePadding()).as("room made for the note").isGreaterThan(5);
    PlotAssertions.rendersAsPng(log);
    CategoryChart linear = CegiPlots.byVariant(rs, CegiPlots.Scale.LINEAR, List.of());
    assertThat(linear.getStyler().isYAxisLogarithmic()).isFalse();
    assertThat(linear.getStyler().getChartTitlePadding()).as("no note, no room").isEqualTo(5);
    assertThat(CegiPlots.byVariant(rs).getStyler().isLabelsFontColorAutomaticEnabled()).isTrue();
  }

  @Test
  void lifecycleNamesTheBreakEvenAndKeepsTheLegendBelow() throws Exception {
    org.cegi.index.Lifecycle cheapToTrain = org.cegi.index.Lifecycle.of(Cegi.of("A", 1.2, 0.40, 0.55, 8_798_208),
        5e-6);
    org.cegi.index.Lifecycle cheapToServe = org.cegi.index.Lifecycle.of(Cegi.of("B", 3.0, 0.40, 0.55, 8_798_208),
        2e-6);
    org.knowm.xchart.XYChart c = CegiPlots.lifecycle(List.of(cheapToTrain, cheapToServe), 10_000_000);
    assertThat(c.getSeriesMap().keySet()).containsExactly("A", "B", "break-even A / B at N = 600,000");
    assertThat(c.getYAxisTitle()).isEqualTo("CEGI(N), " + cheapToTrain.fineTuning().unitLabel());
    assertThat(c.getStyler().getLegendPosition()).isEqualTo(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    PlotAssertions.rendersAsPng(c);
  }
}
