package org.cegi.notebook;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** HTML rendering of tables and records in the house style (a scoped class, so it looks alike everywhere). */
final class HtmlTables {
  /**
   * The house style. Alignment is marked {@code !important} because Jupyter's own stylesheet right-aligns every
   * cell of rendered HTML with a more specific selector; long text cells ({@code td.wrap}) wrap instead of
   * stretching the table beyond the page. A record ({@code table.cegi.record}, one field a row) keeps its values
   * left-aligned beside their names: right-aligned numbers ended far from the label they belong to.
   */
  static final String STYLE =
      "<style>table.cegi{border-collapse:collapse;font:13px/1.4 'DejaVu Sans',system-ui,sans-serif;margin:4px 0}"
          + "table.cegi caption{caption-side:top;text-align:left;font-weight:600;padding:2px 0 6px}"
          + "table.cegi th{background:#eef2f0;border-bottom:2px solid #5b7f6e;text-align:left !important;padding:4px 10px}"
          + "table.cegi td{border-bottom:1px solid #dde3e0;padding:3px 10px;white-space:nowrap;text-align:left !important}"
          + "table.cegi td.num{text-align:right !important;font-variant-numeric:tabular-nums}"
          + "table.cegi td.wrap{white-space:normal !important;min-width:14em;max-width:40em}"
          + "table.cegi tr.more td{color:#667;font-style:italic}"
          + "table.cegi.record td{text-align:left !important}</style>";

  /** Text cells longer than this many characters wrap ({@code td.wrap}). */
  static final int WRAP_CHARS = 48;

  private HtmlTables() {}

  static String render(Table table, int maxRows) {
    StringBuilder sb = new StringBuilder(STYLE).append("<table class=\"cegi\">");
    if (table.name() != null && !table.name().isBlank()) {
      sb.append("<caption>").append(escape(table.name())).append("</caption>");
    }
    sb.append("<thead><tr>");
    for (Column<?> c : table.columns()) {
      sb.append("<th>").append(escape(c.name())).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int rows = Math.min(maxRows, table.rowCount());
    for (int r = 0; r < rows; r++) {
      sb.append("<tr>");
      for (Column<?> c : table.columns()) {
        String type = c.type().name();
        boolean numeric = type.matches("DOUBLE|FLOAT|INTEGER|LONG|SHORT");
        String cell = c.isMissing(r) ? "" : (type.equals("DOUBLE") || type.equals("FLOAT"))
            ? number(((Number) c.get(r)).doubleValue()) : c.getString(r);
        sb.append(numeric ? "<td class=\"num\">" : td(cell)).append(escape(cell)).append("</td>");
      }
      sb.append("</tr>");
    }
    if (table.rowCount() > rows) {
      sb.append("<tr class=\"more\"><td colspan=\"").append(table.columnCount()).append("\">… ")
          .append(table.rowCount() - rows).append(" more rows (").append(table.rowCount()).append(" in all)</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  static String renderRecord(Record record) {
    StringBuilder sb = new StringBuilder(STYLE).append("<table class=\"cegi record\"><caption>")
        .append(escape(record.getClass().getSimpleName())).append("</caption><tbody>");
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object v = value(c, record);
      sb.append("<tr><th>").append(escape(c.getName())).append("</th>")
          .append(v instanceof Number ? "<td class=\"num\">" : td(format(v))).append(escape(format(v))).append("</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  static String renderRecords(List<? extends Record> records) {
    RecordComponent[] comps = records.get(0).getClass().getRecordComponents();
    StringBuilder sb = new StringBuilder(STYLE).append("<table class=\"cegi\"><thead><tr>");
    for (RecordComponent c : comps) {
      sb.append("<th>").append(escape(c.getName())).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (Record r : records) {
      sb.append("<tr>");
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v = value(c, r);
        sb.append(v instanceof Number ? "<td class=\"num\">" : td(format(v))).append(escape(format(v))).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  private static String td(String text) {
    return text.length() > WRAP_CHARS ? "<td class=\"wrap\">" : "<td>";
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
  }

  /**
   * A record field as text: numbers as {@link #number}, an empty list, map or optional as "none" (not "[]" or
   * "Optional.empty"), a present optional as its value.
   */
  static String format(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return number(((Number) v).doubleValue());
    }
    if (v instanceof java.util.Optional<?> o) {
      return o.map(HtmlTables::format).orElse("none");
    }
    if (v instanceof java.util.OptionalDouble o) {
      return o.isPresent() ? number(o.getAsDouble()) : "none";
    }
    if ((v instanceof java.util.Collection<?> c && c.isEmpty()) || (v instanceof java.util.Map<?, ?> m && m.isEmpty())) {
      return "none";
    }
    return String.valueOf(v);
  }

  /**
   * A number as a person reads it: whole numbers exactly, others with six significant digits without trailing zeros, plain notation between
   * 1e-4 and 1e9, scientific outside.
   */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return String.valueOf(d);
    }
    if (d == 0) {
      return "0";
    }
    double abs = Math.abs(d);
    if (d == Math.rint(d) && abs < 1e15) {
      return Long.toString((long) d);
    }
    if (abs >= 1e-4 && abs < 1e9) {
      return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.4e", d);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
