package org.cegi.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cegi.internal.Check;

/**
 * An append-only CSV file of rows with a fixed header (RFC 4180, {@code \n} line ends, UTF-8), readable by
 * Tablesaw and pandas. Each row is written and flushed as it is produced. Opening an existing file resumes it:
 * complete rows are kept and their keys reported as done; a torn last row (a killed writer) is cut off.
 *
 * <pre>{@code
 * try (ResultsFile f = ResultsFile.open(Path.of("results.csv"), ResultRow.COLUMNS, ResultRow.KEY)) {
 *   if (!f.done().contains(key)) f.append(row);
 * }
 * }</pre>
 */
public final class ResultsFile implements AutoCloseable {
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  private final Path path;
  private final List<String> columns;
  private final List<String> keyColumns;
  private final Set<String> done = new LinkedHashSet<>();
  private final BufferedWriter out;
  private int recovered;
  private int truncatedChars;

  private ResultsFile(Path path, List<String> columns, List<String> keyColumns) throws IOException {
    this.path = path;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    if (Files.exists(path) && Files.size(path) > 0) {
      recover();
    } else {
      Files.writeString(path, FORMAT.format(columns.toArray()) + "\n", StandardCharsets.UTF_8);
    }
    out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /**
   * Opens (creating or resuming) a results file.
   *
   * @param keyColumns the columns whose values identify a row (for {@link #done()})
   * @throws IllegalArgumentException when an existing file has another header
   */
  public static ResultsFile open(Path path, List<String> columns, List<String> keyColumns) {
    Check.notNull("path", path);
    try {
      return new ResultsFile(path, columns, keyColumns);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open results file " + path + ": " + e.getMessage(), e);
    }
  }

  private void recover() throws IOException {
    String text = Files.readString(path, StandardCharsets.UTF_8);
    int keep = text.lastIndexOf('\n') + 1;
    List<String[]> good = new ArrayList<>();
    int end = 0;
    try (CSVParser p = FORMAT.parse(new StringReader(text.substring(0, keep)))) {
      boolean header = true;
      for (CSVRecord r : p) {
        if (header) {
          List<String> found = r.toList();
          if (!found.equals(columns)) {
            throw new IllegalArgumentException("Results file " + path + " has other columns (" + found.size()
                + ": " + found + ") than this version writes (" + columns.size() + "): write to a new output"
                + " folder, or merge the old file with `cegi merge`.");
          }
          header = false;
          end = (int) r.getCharacterPosition() + FORMAT.format(r.values()).length() + 1;
          continue;
        }
        if (r.size() != columns.size()) {
          break;
        }
        good.add(r.values());
        end = (int) r.getCharacterPosition() + FORMAT.format((Object[]) r.values()).length() + 1;
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      // an unterminated quoted field at the end: a torn row; keep what parsed
    }
    if (end > text.length() || end <= 0 || text.charAt(end - 1) != '\n') {
      end = Math.min(keep, text.length());
    }
    for (String[] v : good) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        m.put(columns.get(i), v[i]);
      }
      done.add(key(m));
    }
    recovered = good.size();
    byte[] keepBytes = text.substring(0, end).getBytes(StandardCharsets.UTF_8);
    long size = Files.size(path);
    truncatedChars = text.length() - end;
    if (keepBytes.length < size) {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
        ch.truncate(keepBytes.length);
      }
    }
  }

  /** The key of a row: the key columns' values joined with {@code |}. */
  public String key(Map<String, String> row) {
    StringBuilder sb = new StringBuilder();
    for (String k : keyColumns) {
      sb.append(sb.length() == 0 ? "" : "|").append(row.getOrDefault(k, ""));
    }
    return sb.toString();
  }

  /** Keys of the rows in the file (those recovered and those appended since). */
  public Set<String> done() {
    return Set.copyOf(done);
  }

  /** Complete rows found when the file was opened. */
  public int recovered() {
    return recovered;
  }

  /** Characters of a torn last row cut off when the file was opened (0 when it ended cleanly). */
  public int truncatedChars() {
    return truncatedChars;
  }

  public Path path() {
    return path;
  }

  /**
   * Appends a row (missing columns are written empty) and flushes it to the file.
   *
   * @throws IllegalArgumentException for a column this file does not have
   */
  public synchronized void append(Map<String, String> row) {
    for (String k : row.keySet()) {
      if (!columns.contains(k)) {
        throw new IllegalArgumentException("Column " + k + " is not a column of " + path + " (" + columns + ")");
      }
    }
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.getOrDefault(columns.get(i), "");
    }
    try {
      out.write(FORMAT.format(values));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to " + path + ": " + e.getMessage(), e);
    }
    done.add(key(row));
  }

  /** Every row of a results file, as column → value maps (a torn last row is skipped). */
  public static List<Map<String, String>> read(Path path) {
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      text = text.substring(0, text.lastIndexOf('\n') + 1);
      List<Map<String, String>> rows = new ArrayList<>();
      try (CSVParser p = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(text))) {
        int n = p.getHeaderNames().size();
        for (CSVRecord r : p) {
          if (r.size() == n) {
            rows.add(new LinkedHashMap<>(r.toMap()));
          }
        }
      } catch (IllegalStateException | UncheckedIOException e) {
        // torn last row
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read results file " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
