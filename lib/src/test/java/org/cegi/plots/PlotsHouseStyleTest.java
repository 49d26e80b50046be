package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class PlotsHouseStyleTest {
  @Test
  void tickLabelsKeepTheLeadingZeroAndSpellDecadesAsPowers() {
    assertThat(Plots.tickLabel(0.016)).isEqualTo("0.016");
    assertThat(Plots.tickLabel(0.006000000000000001)).isEqualTo("0.006");
    assertThat(Plots.tickLabel(0.0)).isEqualTo("0");
    assertThat(Plots.tickLabel(2.5)).isEqualTo("2.5");
    assertThat(Plots.tickLabel(12_000.0)).isEqualTo("12,000");
    assertThat(Plots.tickLabel(-40.0)).isEqualTo("-40");
    assertThat(Plots.tickLabel(1e5)).isEqualTo("10⁵");
    assertThat(Plots.tickLabel(1e7)).isEqualTo("10⁷");
    assertThat(Plots.tickLabel(2.5e6)).isEqualTo("2.5×10⁶");
    assertThat(Plots.tickLabel(1e-6)).isEqualTo("10⁻⁶");
    assertThat(Plots.tickLabel(5e-5)).isEqualTo("0.00005");
    assertThat(Plots.tickLabel(0.000197457)).isEqualTo("0.0001975");
    assertThat(Plots.tickLabel(0.00035)).isEqualTo("0.00035");
    assertThat(Plots.tickLabel(9.9999999e6)).isEqualTo("10⁷");
  }

  @Test
  void theHouseStyleFormatsTheValueAxesWithIt() {
    XYChart xy = new XYChartBuilder().build();
    Plots.style(xy.getStyler());
    assertThat(xy.getStyler().getxAxisTickLabelsFormattingFunction().apply(0.05)).isEqualTo("0.05");
    assertThat(xy.getStyler().getyAxisTickLabelsFormattingFunction().apply(1e6)).isEqualTo("10⁶");
    CategoryChart bars = new CategoryChartBuilder().build();
    Plots.style(bars.getStyler());
    assertThat(bars.getStyler().getyAxisTickLabelsFormattingFunction().apply(0.016)).isEqualTo("0.016");
    assertThat(bars.getStyler().getxAxisTickLabelsFormattingFunction()).isNull();   // categories stay as named
  }

  @Test
  void logAxesDropTheFunctionThatWouldMakeXChartLayThemOutLinearly() {
    XYChart xy = new XYChartBuilder().build();
    Plots.logAxes(Plots.style(xy.getStyler()), true, false);
    assertThat(xy.getStyler().isXAxisLogarithmic()).isTrue();
    assertThat(xy.getStyler().getxAxisTickLabelsFormattingFunction()).isNull();
    assertThat(xy.getStyler().getyAxisTickLabelsFormattingFunction()).isNotNull();
    assertThat(CegiPlots.lifecycle(java.util.List.of(), 100).getStyler().getyAxisTickLabelsFormattingFunction())
        .isNull();
  }

  @Test
  void aLegendTooWideForOneRowBecomesOneEntryALine() {
    XYChart few = new XYChartBuilder().width(820).height(480).build();
    Plots.style(few.getStyler());
    few.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    few.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    few.addSeries("a", new double[] {1, 2}, new double[] {1, 2});
    Plots.fitLegend(few);
    assertThat(few.getStyler().getLegendLayout()).isEqualTo(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    XYChart many = new XYChartBuilder().width(820).height(480).build();
    Plots.style(many.getStyler());
    many.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    many.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    for (String v : java.util.List.of("qwen2.5-0.5b-lora-r16", "llama-3.2-1b-lora-r16", "llama-3.2-3b-lora-r16")) {
      for (String t : java.util.List.of("summarization", "text-to-sql")) {
        many.addSeries(v + " · " + t, new double[] {1, 2}, new double[] {1, 2});
      }
    }
    Plots.note(many, java.util.List.of());
    assertThat(many.getStyler().getLegendLayout()).isEqualTo(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
  }
}
