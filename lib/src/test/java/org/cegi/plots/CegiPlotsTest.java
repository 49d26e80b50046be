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
}
