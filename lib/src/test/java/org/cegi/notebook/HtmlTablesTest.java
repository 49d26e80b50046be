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
}
