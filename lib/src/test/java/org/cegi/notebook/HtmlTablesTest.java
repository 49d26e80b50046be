package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

class HtmlTablesTest {
  record Note(String text) {}

  @Test
  void longTextCellsWrapAndShortOnesDoNot() {
    String longText = "x".repeat(HtmlTables.WRAP_CHARS + 1);
    Table t = Table.create("t", StringColumn.create("s", "short", longText));
    String html = HtmlTables.render(t, 10);
    assertThat(html).contains("<td>short</td>", "<td class=\"wrap\">" + longText + "</td>");
    assertThat(HtmlTables.renderRecord(new Note(longText))).contains("<td class=\"wrap\">");
  }

  @Test
  void alignmentWinsOverJupytersStylesheet() {
    assertThat(HtmlTables.STYLE).contains("text-align:left !important", "td.num{text-align:right !important");
  }

  @Test
  void recordFieldsThatAreEmptySayNone() {
    assertThat(HtmlTables.format(java.util.List.of())).isEqualTo("none");
    assertThat(HtmlTables.format(java.util.Map.of())).isEqualTo("none");
    assertThat(HtmlTables.format(java.util.Optional.empty())).isEqualTo("none");
    assertThat(HtmlTables.format(java.util.Optional.of(0.3322475999999999))).isEqualTo("0.332248");
    assertThat(HtmlTables.format(java.util.OptionalDouble.empty())).isEqualTo("none");
    assertThat(HtmlTables.format(java.util.List.of("a"))).isEqualTo("[a]");
    record Sample(java.util.List<String> warnings, double co2eG) {}
    assertThat(HtmlTables.renderRecord(new Sample(java.util.List.of(), 0.5)))
        .contains("<th>warnings</th><td>none</td>", "table class=\"cegi record\"");
  }
}
