package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ShowTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  record Sample(String variant, double co2eG, long params) {}

  @BeforeEach
  void captureFallback() {
    Show.fallbackTo(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Show.fallbackTo(System.out);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Table table(int rows) {
    StringColumn names = StringColumn.create("variant");
    DoubleColumn values = DoubleColumn.create("co2e_g");
    for (int i = 0; i < rows; i++) {
      names.append(i == 0 ? "<q4 & friends>" : "v" + i);
      values.append(i * 1.5);
    }
    return Table.create("variants", names, values);
  }

  @Test
  void outsideAKernelTheFacadeFallsBackToText() {
    assertThat(Kernel.current()).isEqualTo(Kernel.NONE);
    Show.table(table(3));
    Show.record(new Sample("q4", 1.25, 8_798_208));
    XYChart chart = new XYChartBuilder().width(320).height(200).title("power").build();
    chart.addSeries("gpu", new double[] {0, 1, 2}, new double[] {3, 4, 5});
    Show.chart(chart);
    assertThat(printed())
        .contains("variants", "<q4 & friends>", "v2", "1.5")
        .contains("Sample[variant=q4, co2eG=1.25, params=8798208]")
        .contains("[chart: power, 320x200 px]");
  }

  @Test
  void htmlTablesEscapeTextAlignNumbersAndSayHowManyRowsAreHidden() {
    String html = HtmlTables.render(table(60), 50);
    assertThat(html)
        .contains("<caption>variants</caption>")
        .contains("<th>variant</th><th>co2e_g</th>")
        .contains("&lt;q4 &amp; friends&gt;")
        .doesNotContain("<q4 & friends>")
        .contains("<td class=\"num\">")
        .contains("… 10 more rows (60 in all)");
    assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 50); // header row + 50 body rows
  }

  @Test
  void numbersAreShownWithSixSignificantDigits() {
    assertThat(HtmlTables.number(0.3322475999999999)).isEqualTo("0.332248");
    assertThat(HtmlTables.number(41.98113207547169)).isEqualTo("41.9811");
    assertThat(HtmlTables.number(8798208.0)).isEqualTo("8798208");
    assertThat(HtmlTables.number(2.0)).isEqualTo("2");
    assertThat(HtmlTables.number(1.234e-7)).isEqualTo("1.2340e-07");
    assertThat(HtmlTables.number(0)).isEqualTo("0");
    assertThat(HtmlTables.render(table(3), 5)).contains("<td class=\"num\">1.5</td>");
  }

  @Test
  void recordsRenderAsTablesOfTheirComponents() {
    String one = HtmlTables.renderRecord(new Sample("fp16", 0.5, 42));
    assertThat(one).contains("<caption>Sample</caption>", "<th>co2eG</th><td class=\"num\">0.5", "<th>params</th>");
    String many = HtmlTables.renderRecords(List.of(new Sample("a", 1, 2), new Sample("b", 3, 4)));
    assertThat(many).contains("<th>variant</th><th>co2eG</th><th>params</th>", "<td>a</td>", "<td>b</td>");
  }

  @Test
  void pngEncodingProducesAPngSignature() {
    XYChart chart = new XYChartBuilder().width(100).height(80).build();
    chart.addSeries("s", new double[] {1, 2}, new double[] {1, 2});
    byte[] png = Show.png(org.knowm.xchart.BitmapEncoder.getBufferedImage(chart));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Show.table(table(1), 0)).hasMessage("maxRows must be > 0, got 0");
    assertThatThrownBy(() -> Show.records(java.util.Arrays.asList(new Sample("a", 1, 1), null)))
        .hasMessage("records[1] must not be null");
  }

  @Test
  void profileAndOutputFolderComeFromTheRunner() {
    // the runner sets CEGI_PROFILE; Maven does not, so the default applies here
    assertThat(Notebook.profile()).isIn("main", "test");
    assertThat(Notebook.outputDir()).isDirectory();
  }
}
