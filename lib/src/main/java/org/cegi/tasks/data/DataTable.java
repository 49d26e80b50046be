package org.cegi.tasks.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cegi.internal.Check;

/**
 * The rows of one data file, each a map from column name to value ({@code String}, {@code Number},
 * {@code Boolean}, {@code byte[]} for binary columns, {@code List} for lists, {@code Map} for structs), in the
 * formats the Hugging Face Hub publishes data sets in:
 * <ul>
 *   <li>{@code .parquet}: read with DuckDB's JDBC driver (no Hadoop); an image column stored as the {@code datasets}
 *       struct {@code {bytes, path}} becomes a map with {@code bytes} ({@code byte[]}) and {@code path};</li>
 *   <li>{@code .jsonl} / {@code .json}: JSON Lines, or one JSON array of objects (SAMSum's own files), or
 *       {@code {"data": [...]}} ; base64 is not decoded here;</li>
 *   <li>{@code .csv}: header row, RFC 4180 quoting.</li>
 * </ul>
 *
 * <pre>{@code
 * DataTable t = DataTable.read(Path.of("samsum/test.json"));
 * t.requireColumns("id", "dialogue", "summary");
 * String first = t.string(0, "dialogue");
 * }</pre>
 *
 * @param source the file
 * @param columns column names, in file order
 * @param rows one map per row
 */
public record DataTable(Path source, List<String> columns, List<Map<String, Object>> rows) {
  public DataTable {
    Check.notNull("source", source);
    columns = List.copyOf(Check.noNulls("columns", columns));
    rows = List.copyOf(Check.noNulls("rows", rows));
  }

  /**
   * Reads a data file by its extension.
   *
   * @throws IllegalArgumentException naming the file when it does not exist, has an unknown extension or does not
   *     parse
   */
  public static DataTable read(Path file) {
    Check.notNull("file", file);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Data file " + file + " does not exist: download the data set's file"
          + " (Parquet, JSON, JSON Lines or CSV) there, or use the bundled sample (source: bundled).");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return parquet(file);
    } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return json(file);
    } else if (name.endsWith(".csv")) {
      return csv(file);
    }
    throw new IllegalArgumentException("Data file " + file + " has an unknown format: use .parquet, .jsonl,"
        + " .json or .csv.");
  }

  /**
   * Fails when a column is missing, naming the file, the missing column, the columns present and what to do.
   */
  public DataTable requireColumns(String... names) {
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      if (!columns.contains(n)) {
        missing.add(n);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Data file " + source + " lacks column" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing) + " (it has " + columns + "): use the data set's published file, or map"
          + " your column names in the plan (columns: {" + missing.get(0) + ": your_name}).");
    }
    return this;
  }

  /** The first of {@code candidates} that is a column; fails like {@link #requireColumns} when none is. */
  public String firstColumn(String... candidates) {
    for (String c : candidates) {
      if (columns.contains(c)) {
        return c;
      }
    }
    requireColumns(candidates[0]);
    throw new IllegalStateException("unreachable");
  }

  /** The number of rows. */
  public int size() {
    return rows.size();
  }

  /** A cell as text ({@code ""} for null). */
  public String string(int row, String column) {
    Object v = rows.get(row).get(column);
    if (v == null) {
      return "";
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  /** A cell as it was read. */
  public Object value(int row, String column) {
    return rows.get(row).get(column);
  }

  private static DataTable csv(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      List<String> cols = new ArrayList<>(p.getHeaderNames());
      if (!cols.isEmpty() && cols.get(0).startsWith("\uFEFF")) {
        cols.set(0, cols.get(0).substring(1));
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CSVRecord rec : p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < cols.size() && i < rec.size(); i++) {
          m.put(cols.get(i), rec.get(i));
        }
        rows.add(m);
      }
      return new DataTable(file, cols, rows);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new IllegalArgumentException("CSV file " + file + " does not parse: " + e.getMessage(), e);
    }
  }

  private static DataTable json(Path file) {
    Set<String> cols = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text = r.lines().reduce(new StringBuilder(), (sb, l) -> sb.append(l).append('\n'), StringBuilder::append)
          .toString().strip();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.startsWith("[") || text.startsWith("{\"data\"")) {
        JsonElement root = JsonParser.parseString(text);
        JsonArray arr = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("data");
        for (JsonElement e : arr) {
          rows.add(object(e, file, rows.size() + 1, cols));
        }
      } else {
        int line = 0;
        for (String l : text.split("\n")) {
          line++;
          if (!l.isBlank()) {
            rows.add(object(JsonParser.parseString(l), file, line, cols));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("JSON file " + file + " does not parse: " + e.getMessage(), e);
    }
    return new DataTable(file, new ArrayList<>(cols), rows);
  }

  private static Map<String, Object> object(JsonElement e, Path file, int where, Set<String> cols) {
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("JSON file " + file + " record " + where + " is not an object: " + e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
      cols.add(kv.getKey());
      m.put(kv.getKey(), plain(kv.getValue()));
    }
    return m;
  }

  private static Object plain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    } else if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(plain(x)));
      return l;
    } else if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> kv : ((JsonObject) e).entrySet()) {
        m.put(kv.getKey(), plain(kv.getValue()));
      }
      return m;
    } else if (e.getAsJsonPrimitive().isNumber()) {
      return e.getAsDouble();
    } else if (e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    return e.getAsString();
  }

  /** Decodes base64 text (the way some JSON exports store image bytes). */
  static byte[] base64(String s) {
    return Base64.getDecoder().decode(s.strip());
  }

  private static DataTable parquet(Path file) {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Reading Parquet needs DuckDB's JDBC driver (org.duckdb:duckdb_jdbc) on the"
          + " class path.", e);
    }
    String path = file.toAbsolutePath().toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      List<String> cols = new ArrayList<>();
      List<String> select = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
        ps.setString(1, path);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String col = rs.getString(1);
            String type = rs.getString(2).toUpperCase(Locale.ROOT);
            cols.add(col);
            String q = "\"" + col.replace("\"", "\"\"") + "\"";
            if (type.startsWith("STRUCT(") && type.contains("BYTES BLOB")) {
              select.add(q + ".bytes AS \"" + col.replace("\"", "\"\"") + "__bytes\"");
              select.add((type.contains("PATH VARCHAR") ? q + ".path" : "NULL") + " AS \""
                  + col.replace("\"", "\"\"") + "__path\"");
            } else if (type.startsWith("STRUCT(") || type.startsWith("MAP(")) {
              select.add("CAST(" + q + " AS VARCHAR) AS " + q);
            } else {
              select.add(q);
            }
          }
        }
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", select)
          + " FROM read_parquet(?)")) {
        ps.setString(1, path);
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String label = md.getColumnLabel(i);
              Object v = rs.getObject(i);
              if (label.endsWith("__bytes")) {
                Map<String, Object> img = new LinkedHashMap<>();
                img.put("bytes", bytes(v));
                img.put("path", rs.getObject(i + 1) == null ? null : rs.getObject(i + 1).toString());
                m.put(label.substring(0, label.length() - 7), img);
                i++;
              } else {
                m.put(label, cell(v));
              }
            }
            rows.add(m);
          }
        }
      }
      return new DataTable(file, cols, rows);
    } catch (SQLException e) {
      throw new IllegalArgumentException("Parquet file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Object cell(Object v) throws SQLException {
    if (v instanceof Array a) {
      List<Object> out = new ArrayList<>();
      for (Object o : (Object[]) a.getArray()) {
        out.add(cell(o));
      }
      return out;
    }
    if (v instanceof Blob b) {
      return bytes(b);
    }
    if (v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
      return ((Number) v).doubleValue();
    }
    return v;
  }

  private static byte[] bytes(Object v) throws SQLException {
    if (v == null) {
      return new byte[0];
    }
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof Blob b) {
      return b.getBytes(1, (int) b.length());
    }
    if (v instanceof java.nio.ByteBuffer bb) {
      byte[] out = new byte[bb.remaining()];
      bb.duplicate().get(out);
      return out;
    }
    throw new IllegalArgumentException("binary column holds " + v.getClass().getName());
  }
}
