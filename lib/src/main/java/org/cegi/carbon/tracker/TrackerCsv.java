package org.cegi.carbon.tracker;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Shared CSV plumbing of the tracker formats: whole-row appends (never a partial row) and header-aware reads. */
final class TrackerCsv {
  private TrackerCsv() {}

  /**
   * Appends one row, writing the header first when the file is new or empty. The row is formatted in memory and
   * written with one call, so a failure leaves no partial row; an existing file with other columns is refused.
   */
  static void append(Path file, List<String> header, List<?> row) {
    try {
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      if (!fresh) {
        String first;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
          first = lines.findFirst().orElse("");
        }
        String expected = format(header).trim();
        if (!first.trim().equals(expected)) {
          throw new IllegalArgumentException("Cannot append to " + file + ": its columns (" + first
              + ") differ from the ones written here (" + expected + "). Write to a new file.");
        }
      }
      StringWriter out = new StringWriter();
      try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
        if (fresh) {
          p.printRecord(header);
        }
        p.printRecord(row);
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage()
          + ". Check the path and permissions.", e);
    }
  }

  static String format(List<String> header) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
      p.printRecord(header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads every row as a case-insensitive column → value map. */
  static List<Map<String, String>> read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
            .setIgnoreEmptyLines(true).get().parse(r)) {
      List<Map<String, String>> out = new ArrayList<>();
      for (CSVRecord rec : p) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        rec.toMap().forEach((k, v) -> m.put(k.trim(), v == null ? "" : v));
        out.add(m);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("Cannot parse " + file + " as CSV: " + e.getMessage()
          + ". Check that it is a tracker's emissions file.", e);
    }
  }

  static double number(Map<String, String> row, String column, Path file, int line) {
    String v = row.get(column);
    if (v == null) {
      throw new IllegalArgumentException(file + " has no column \"" + column + "\": not a file of the expected "
          + "tracker (columns " + row.keySet() + ").");
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + " row " + line + ": column " + column + " = \"" + v
          + "\" is not a number. Fix or remove the row.", e);
    }
  }

  static String text(Map<String, String> row, String column, String orElse) {
    String v = row.get(column);
    return v == null || v.isBlank() ? orElse : v.trim();
  }

  /** A plain decimal without exponent or trailing zeros ({@code 0.00012}, {@code 3}). */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("Cannot write non-finite number " + v + " to a tracker file.");
    }
    String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }
}
