package org.cegi.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cegi.internal.Check;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The house style of every cegi chart, and PNG/SVG export.
 *
 * <pre>{@code
 * Path png = Plots.save(chart, out.resolve("cegi.png"));   // the extension picks PNG or SVG
 * }</pre>
 */
public final class Plots {
  /** Default chart size in pixels. */
  public static final int WIDTH = 820;

  public static final int HEIGHT = 480;

  /** Colour-blind-safe palette (Okabe–Ito), in the order series get them. */
  public static final Color[] PALETTE = {
    new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)
  };

  private Plots() {}

  /**
   * Applies the house style: white background, DejaVu Sans (13 px axis titles, 11 px ticks), the palette, a light
   * solid grid, legend outside on the right (charts with long series names move it below).
   */
  public static <S extends Styler> S style(S styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    if (styler instanceof AxesChartStyler axes) {
      axes.setPlotGridLinesColor(new Color(0xE3E7E5));
      // solid hairlines: XChart's default dashed grid turns into speckle on log axes (a line per 2..9 x 10^k)
      axes.setPlotGridLinesStroke(new BasicStroke(0.7f));
      axes.setAxisTitleFont(new Font("DejaVu Sans", Font.PLAIN, 13));
      axes.setAxisTickLabelsFont(new Font("DejaVu Sans", Font.PLAIN, 11));
      // XChart's own labels drop the leading zero (".016"); tickLabel writes 0.016 and 10⁵. Log axes go through
      // logAxes, which removes the function again (XChart would lay a log axis out linearly with it)
      axes.setyAxisTickLabelsFormattingFunction(Plots::tickLabel);
      if (axes instanceof org.knowm.xchart.style.XYStyler) {
        axes.setxAxisTickLabelsFormattingFunction(Plots::tickLabel);
      }
    }
    styler.setChartTitleFont(new Font("DejaVu Sans", Font.BOLD, 15));
    styler.setLegendFont(new Font("DejaVu Sans", Font.PLAIN, 12));
    styler.setLegendBorderColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setSeriesColors(PALETTE);
    styler.setChartTitleBoxVisible(false);
    styler.setAnnotationTextFont(new Font("DejaVu Sans", Font.PLAIN, 11));
    return styler;
  }

  /**
   * Makes the chosen axes logarithmic. Use it instead of XChart's {@code setXAxisLogarithmic}: it also drops the
   * house style's tick-label function from those axes, because XChart lays out ticks linearly — and plots the data
   * linearly — on an axis that has such a function, log or not.
   *
   * @return the styler
   */
  public static <S extends AxesChartStyler> S logAxes(S styler, boolean x, boolean y) {
    Check.notNull("styler", styler);
    if (x) {
      styler.setXAxisLogarithmic(true);
      styler.setxAxisTickLabelsFormattingFunction(null);
    }
    if (y) {
      styler.setYAxisLogarithmic(true);
      styler.setyAxisTickLabelsFormattingFunction(null);
    }
    return styler;
  }

  /**
   * A tick label (and bar label) as a person reads it: {@code 0.016} (not {@code .016}), {@code 2.5}, {@code 12,000};
   * from 10⁵ up and below 10⁻⁵ powers of ten as {@code 10⁵} / {@code 10⁻⁶}, other values there as {@code 2.5×10⁵}.
   * Four significant digits at most: ticks are round numbers, and the floating-point noise of computed ticks
   * ({@code 0.006000000000000001}) and the tail of bar values ({@code 0.000197457}) go.
   */
  public static String tickLabel(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return String.valueOf(value);
    }
    double v = value;
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    java.math.BigDecimal rounded = new java.math.BigDecimal(v).round(new java.math.MathContext(4));
    if (abs >= 1e-5 && abs < 1e5) {
      String plain = rounded.stripTrailingZeros().toPlainString();
      return abs >= 1000 && rounded.stripTrailingZeros().scale() <= 0
          ? String.format(Locale.ROOT, "%,d", rounded.longValue()) : plain;
    }
    int exp = (int) Math.floor(Math.log10(abs));
    java.math.BigDecimal mantissa = rounded.movePointLeft(exp).round(new java.math.MathContext(3)).stripTrailingZeros();
    if (mantissa.abs().compareTo(java.math.BigDecimal.TEN) >= 0) {           // 9.999.. rounded up to 10
      mantissa = mantissa.movePointLeft(1);
      exp++;
    }
    String power = "10" + superscript(exp);
    if (mantissa.abs().compareTo(java.math.BigDecimal.ONE) == 0) {
      return (mantissa.signum() < 0 ? "-" : "") + power;
    }
    return mantissa.toPlainString() + "×" + power;
  }

  private static String superscript(int n) {
    String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    StringBuilder sb = new StringBuilder();
    for (char c : Integer.toString(n).toCharArray()) {
      sb.append(c == '-' ? '⁻' : digits.charAt(c - '0'));
    }
    return sb.toString();
  }

  /**
   * Keeps a legend below the plot inside the chart: a one-row (horizontal) legend wider than the chart — many
   * variant × task series — would be cut at the edges, so it becomes one entry a line. {@link #note} calls it.
   *
   * @return the chart
   */
  public static <C extends Chart<?, ?>> C fitLegend(C chart) {
    Check.notNull("chart", chart);
    Styler s = chart.getStyler();
    if (!s.isLegendVisible() || s.getLegendPosition() != Styler.LegendPosition.OutsideS
        || s.getLegendLayout() != Styler.LegendLayout.Horizontal) {
      return chart;
    }
    FontRenderContext frc = new FontRenderContext(null, true, false);
    double width = 2 * s.getLegendPadding();
    for (String name : chart.getSeriesMap().keySet()) {
      // each entry: its marker or box, a gap, the name, the gap to the next entry
      width += new TextLayout(name.isEmpty() ? " " : name, s.getLegendFont(), frc).getBounds().getWidth()
          + s.getLegendSeriesLineLength() + 3 * s.getLegendPadding();
    }
    if (width > chart.getWidth() - 2 * s.getChartPadding()) {
      s.setLegendLayout(Styler.LegendLayout.Vertical);
    }
    return chart;
  }

  /**
   * Adds a note in the top left corner of the chart, one line per entry: how the data were obtained ("CPU:
   * estimated (TDP x utilisation)", "REPLAY of a recorded trace"), so that the chart says it on itself. Space is
   * made for it above the plot: beside the title when both fit on one band, else in a band below the title, so the
   * note never covers data, the title or the legend. Call it once the series are added (a legend on the right
   * narrows the plot, and the title with it).
   *
   * @return the chart
   */
  public static <C extends Chart<?, ?>> C note(C chart, List<String> lines) {
    Check.notNull("chart", chart);
    Check.noNulls("lines", lines);
    fitLegend(chart);
    if (lines.isEmpty()) {
      return chart;
    }
    Styler s = chart.getStyler();
    Font font = new Font("DejaVu Sans", Font.PLAIN, 11);
    s.setAnnotationTextPanelFont(font);
    s.setAnnotationTextPanelPadding(NOTE_PADDING);
    s.setAnnotationTextPanelBackgroundColor(new Color(255, 255, 255, 235));
    s.setAnnotationTextPanelBorderColor(new Color(0x9AA5A0));
    s.setAnnotationTextPanelFontColor(new Color(0x333333));
    FontRenderContext frc = new FontRenderContext(null, true, false);
    double boxW = 0;
    double boxH = 0;
    for (String line : lines) {
      Rectangle2D b = new TextLayout(line.isEmpty() ? " " : line, font, frc).getBounds();
      boxW = Math.max(boxW, b.getWidth());
      boxH += b.getHeight() + 3;
    }
    boxW += 2 * NOTE_PADDING;
    boxH += 2 * NOTE_PADDING - 3;
    String title = chart.getTitle() == null ? "" : chart.getTitle();
    Rectangle2D tb = title.isBlank() ? new Rectangle2D.Double()
        : new TextLayout(title, s.getChartTitleFont(), frc).getBounds();
    double top;
    int titlePadding;
    // XChart centres the title on the plot: right of the y axis' labels (about 50 px), left of a legend on the right
    double plotRight = chart.getWidth() - 10;
    if (s.isLegendVisible() && s.getLegendPosition() == Styler.LegendPosition.OutsideE) {
      double legend = 0;
      for (String name : chart.getSeriesMap().keySet()) {
        legend = Math.max(legend, new TextLayout(name.isEmpty() ? " " : name, s.getLegendFont(), frc).getBounds()
            .getWidth());
      }
      plotRight -= legend + 60;
    }
    double titleLeft = (50 + plotRight) / 2.0 - tb.getWidth() / 2.0;
    boolean beside = NOTE_X + boxW + 12 < titleLeft;
    if (beside) {
      // the title band is made as tall as the note; the title sits centred in it, the note at its left
      top = NOTE_Y;
      titlePadding = (int) Math.ceil(Math.max(s.getChartTitlePadding(),
          (NOTE_Y + boxH + 6 - s.getChartPadding() - tb.getHeight()) / 2.0));
    } else {
      // a band below the title holds the note (the same padding also appears above the title)
      titlePadding = (int) Math.ceil(boxH + 8);
      top = s.getChartPadding() + titlePadding + tb.getHeight() + 4;
    }
    s.setChartTitlePadding(titlePadding);
    double fromBottom = chart.getHeight() - top - boxH;
    chart.addAnnotation(new AnnotationTextPanel(String.join("\n", lines), NOTE_X, fromBottom, true));
    return chart;
  }

  /** Where {@link #note} puts its panel: pixels from the chart's left edge and from its top edge. */
  static final int NOTE_X = 6;

  static final int NOTE_Y = 6;

  static final int NOTE_PADDING = 6;

  /**
   * Writes the chart as PNG or SVG, chosen by the file's extension ({@code .png} or {@code .svg}).
   *
   * @return the file written
   */
  public static Path save(Chart<?, ?> chart, Path file) {
    Check.notNull("chart", chart);
    Check.notNull("file", file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (name.endsWith(".png")) {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      } else if (name.endsWith(".svg")) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      } else {
        throw new IllegalArgumentException(
            "file must end in .png or .svg, got " + file.getFileName() + "; pick one of the two formats");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write chart to " + file + ": " + e.getMessage(), e);
    }
  }
}
