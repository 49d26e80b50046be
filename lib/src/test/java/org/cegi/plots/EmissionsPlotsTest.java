package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class EmissionsPlotsTest {
  private final CegiResult cheap = Cegi.of("cheap", 0.1, 0.30, 0.40, 1_000_000);
  private final CegiResult mid = Cegi.of("mid", 0.5, 0.30, 0.55, 1_000_000);
  private final CegiResult dominated = Cegi.of("dominated", 0.8, 0.30, 0.50, 1_000_000);
  private final CegiResult best = Cegi.of("best", 2.0, 0.30, 0.70, 1_000_000);
  private final CegiResult worse = Cegi.of("worse", 0.3, 0.30, 0.25, 1_000_000);

  @Test
  void paretoFrontKeepsTheUndominatedByEmissions() {
    List<CegiResult> in = new ArrayList<>(List.of(best, dominated, worse, mid, cheap));
    assertThat(EmissionsPlots.paretoFront(in)).containsExactly(cheap, mid, best);
    assertThat(in).containsExactly(best, dominated, worse, mid, cheap);
  }

  @Test
  void chartHasOnePointPerVariantAndTheFront() throws Exception {
    XYChart c = EmissionsPlots.qualityVsEmissions(List.of(cheap, mid, dominated, best, worse), "ROUGE-L");
    assertThat(c.getSeriesMap().keySet()).containsExactly("Pareto front", "cheap", "mid", "dominated", "best",
        "worse (no gain)");
    assertThat(c.getSeriesMap().get("Pareto front").getXData()).hasSize(3);
    assertThat(c.getSeriesMap().get("best").getYData()).containsExactly(0.70);
    assertThat(c.getYAxisTitle()).isEqualTo("ROUGE-L after fine-tuning");
    assertThat(c.getXAxisTitle()).isEqualTo("emissions, kg CO2e");
    assertThat(c.getStyler().isXAxisLogarithmic()).isFalse();
    PlotAssertions.rendersAsPng(c);
  }

  @Test
  void aNoteMakesRoomBesideOrBelowTheTitleOfAChartWithALegendOnTheRight() {
    XYChart c = EmissionsPlots.qualityVsEmissions(List.of(cheap, mid, dominated, best, worse), "ROUGE-L");
    int before = c.getStyler().getChartTitlePadding();
    Plots.note(c, List.of("EXAMPLE logs, illustrative numbers"));
    assertThat(c.getStyler().getChartTitlePadding()).as("the note goes in a band below the title").isGreaterThan(20)
        .isGreaterThan(before);
  }
}
