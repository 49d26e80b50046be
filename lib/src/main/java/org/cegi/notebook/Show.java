package org.cegi.notebook;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.cegi.internal.Check;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Shows tables, charts, images and records in a notebook, on whichever Java kernel runs it (rapaio, IJava,
 * JJava), and as text anywhere else (JShell, a plain JVM, a test). Each method is a statement: end a cell with
 * it and the cell shows one thing.
 *
 * <pre>{@code
 * Show.table(results);                 // HTML table (first 50 rows)
 * Show.chart(Plots.cegiByVariant(t));  // PNG
 * Show.record(cegiResult);             // a record as a two-column table
 * }</pre>
 */
public final class Show {
  /** Rows shown by {@link #table(Table)} before "… N more rows". */
  public static final int DEFAULT_MAX_ROWS = 50;

  private static PrintStream fallback = System.out;

  /** Text blocks wrap between words (Jupyter's own style breaks lines inside words). */
  static final String PRE = "<pre style=\"white-space:pre-wrap;word-break:normal;overflow-wrap:break-word\">";

  private Show() {}

  /** Shows a Tablesaw table as HTML (first {@value #DEFAULT_MAX_ROWS} rows). */
  public static void table(Table table) {
    table(table, DEFAULT_MAX_ROWS);
  }

  /** Shows a Tablesaw table as HTML, at most {@code maxRows} rows (> 0). */
  public static void table(Table table, int maxRows) {
    Check.notNull("table", table);
    Check.positive("maxRows", maxRows);
    String html = HtmlTables.render(table, maxRows);
    String text = table.rowCount() > maxRows ? table.first(maxRows).printAll() : table.printAll();
    if (!Kernel.current().displayHtml(html, text)) {
      fallback.println(text);
    }
  }

  /** Shows an XChart chart as a PNG image at the chart's own size. */
  public static void chart(Chart<?, ?> chart) {
    Check.notNull("chart", chart);
    image(BitmapEncoder.getBufferedImage(chart), "chart: " + chart.getTitle());
  }

  /** Shows an image as PNG. */
  public static void image(BufferedImage image) {
    image(image, "image " + image.getWidth() + "x" + image.getHeight());
  }

  private static void image(BufferedImage image, String description) {
    Check.notNull("image", image);
    String plain = "[" + description + ", " + image.getWidth() + "x" + image.getHeight() + " px]";
    if (!Kernel.current().displayImage(image, png(image), plain)) {
      fallback.println(plain);
    }
  }

  /** Shows a record (a result, a measurement, a configuration) as a two-column table of its components. */
  public static void record(Record record) {
    Check.notNull("record", record);
    String html = HtmlTables.renderRecord(record);
    if (!Kernel.current().displayHtml(html, record.toString())) {
      fallback.println(record);
    }
  }

  /** Shows a list of records of one type as a table, one row per record. */
  public static void records(List<? extends Record> records) {
    Check.noNulls("records", records);
    if (records.isEmpty()) {
      text("(no rows)");
      return;
    }
    String html = HtmlTables.renderRecords(records);
    StringBuilder plain = new StringBuilder();
    records.forEach(r -> plain.append(r).append('\n'));
    if (!Kernel.current().displayHtml(html, plain.toString())) {
      fallback.print(plain);
    }
  }

  /** Shows a piece of HTML as it is (the caller escapes what needs escaping). */
  public static void html(String html) {
    Check.notNull("html", html);
    if (!Kernel.current().displayHtml(html, html.replaceAll("<[^>]+>", ""))) {
      fallback.println(html.replaceAll("<[^>]+>", ""));
    }
  }

  /** Shows HTML, with {@code text} where no kernel renders HTML (the caller escapes what needs escaping). */
  static void htmlWithText(String html, String text) {
    if (!Kernel.current().displayHtml(html, text)) {
      fallback.println(text);
    }
  }

  /** Shows plain text, escaped and in a monospace block. */
  public static void text(String text) {
    Check.notNull("text", text);
    if (!Kernel.current().displayHtml(PRE + HtmlTables.escape(text) + "</pre>", text)) {
      fallback.println(text);
    }
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the image as PNG: " + e.getMessage(), e);
    }
  }

  /** For tests: where text fallbacks go. */
  static void fallbackTo(PrintStream out) {
    fallback = out;
  }

}
