package org.cegi.tasks.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;
import org.cegi.internal.DataFiles;
import org.cegi.model.hub.HubClient;
import org.cegi.tasks.TaskImage;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;

/**
 * Loaders of the paper's data sets from their published files, and of the bundled samples. Each loader reads the
 * data set's own column names and fails naming a missing one; a split is chosen by giving that split's file (the
 * Hub publishes one file per split), or, where the file has a {@code split} column, by {@link #load}'s split.
 *
 * <pre>{@code
 * Dataset sum = Datasets.samsum(Path.of("samsum/test.json"));                       // id, dialogue, summary
 * Dataset sql = Datasets.gretel(Path.of("synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet"));
 * Dataset vqa = Datasets.pathVqa(Path.of("path-vqa/data/test-00000-of-00003.parquet"));  // image, question, answer
 * Dataset cap = Datasets.artbench(Path.of("artbench-pd-256x256/data/train-00000-of-00003.parquet"));
 * Dataset bundled = Datasets.bundled("text-to-sql");
 * Dataset hub = Datasets.load("text-to-sql",                                         // through the hub cache
 *     "hf://datasets/gretelai/synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet", "",
 *     HubClient.builder().build());
 * }</pre>
 */
public final class Datasets {
  /** Bundled sample files below {@code data/}, by task. */
  static final Map<String, String> BUNDLED = Map.of(
      "captioning", "tasks/captioning/captions.jsonl",
      "vqa", "tasks/vqa/questions.jsonl",
      "summarization", "tasks/summarization/dialogues.jsonl",
      "text-to-sql", "tasks/text-to-sql/questions.jsonl");

  private Datasets() {}

  /** The bundled offline sample of a task (written by {@code org.cegi.tasks.samples.SampleGenerator}). */
  public static Dataset bundled(String task) {
    String name = Tasks.named(task).name();
    String rel = BUNDLED.get(name);
    Path file = bundledFile(rel);
    Dataset d = load(name, file, "");
    return new Dataset("bundled/" + name, name, "data/" + rel, d.items());
  }

  /**
   * Loads a task's data set from a file in that data set's published format.
   *
   * @param task {@code captioning}, {@code vqa}, {@code summarization} or {@code text-to-sql}
   * @param file a Parquet, JSON, JSON Lines or CSV file
   * @param split keep only rows whose {@code split} column has this value ("" keeps every row)
   */
  public static Dataset load(String task, Path file, String split) {
    Check.notNull("split", split);
    DataTable t = DataTable.read(file);
    if (!split.isBlank() && t.columns().contains("split")) {
      List<Map<String, Object>> kept = t.rows().stream().filter(r -> split.equals(String.valueOf(r.get("split"))))
          .toList();
      if (kept.isEmpty()) {
        throw new IllegalArgumentException("Data file " + file + " has no row with split = " + split);
      }
      t = new DataTable(file, t.columns(), kept);
    }
    return switch (Tasks.named(task).name()) {
      case "captioning" -> captioning(t);
      case "vqa" -> vqa(t);
      case "summarization" -> summarization(t);
      case "text-to-sql" -> textToSql(t);
      default -> throw new IllegalStateException(task);
    };
  }

  /**
   * Loads a task's data set from a plan's {@code source:}: {@code bundled}, a local file, or a Hub data set file
   * {@code hf://datasets/{org}/{name}[@{revision}]/{file}} ({@link HubDataFile}), which is fetched through
   * {@code hub} (hub cache, resume, SHA-256, {@code HF_TOKEN}, offline mode) and then read like a local file.
   *
   * @throws IllegalArgumentException or {@link IllegalStateException} naming the file and how to provide it
   *     locally when it cannot be fetched
   */
  public static Dataset load(String task, String source, String split, HubClient hub) {
    Check.nonBlank("source", source);
    Check.notNull("hub", hub);
    if (source.equals("bundled")) {
      return bundled(task);
    }
    if (!HubDataFile.isHub(source)) {
      return load(task, Path.of(source), split);
    }
    HubDataFile f = HubDataFile.parse(source);
    Path local = f.download(hub);
    Dataset d = load(task, local, split);
    return new Dataset(d.name(), d.task(), f.uri() + " (" + local + ")", d.items());
  }

  /** SAMSum ({@code id}, {@code dialogue}, {@code summary}). */
  public static Dataset samsum(Path file) {
    return load("summarization", file, "");
  }

  /**
   * {@code gretelai/synthetic_text_to_sql} ({@code id}, {@code sql_prompt}, {@code sql_context}, {@code sql}, …);
   * an optional {@code db_path} column names a SQLite file (relative to the data file) the queries run against,
   * and {@code sql_context} is then only the schema the prompt shows (the lab's held-out files).
   */
  public static Dataset gretel(Path file) {
    return load("text-to-sql", file, "");
  }

  /** PathVQA, {@code flaviagiammarino/path-vqa} ({@code image}, {@code question}, {@code answer}). */
  public static Dataset pathVqa(Path file) {
    return load("vqa", file, "");
  }

  /** {@code alfredplpl/artbench-pd-256x256} ({@code image} and a caption column: {@code caption} or {@code text}). */
  public static Dataset artbench(Path file) {
    return load("captioning", file, "");
  }

  static Dataset summarization(DataTable t) {
    t.requireColumns("dialogue", "summary");
    List<TaskItem> items = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      items.add(new TaskItem.Dialogue(id(t, i), t.string(i, "dialogue").replace("\r\n", "\n"),
          t.string(i, "summary")));
    }
    return new Dataset(name(t), "summarization", t.source().toString(), items);
  }

  static Dataset textToSql(DataTable t) {
    t.requireColumns("sql_prompt", "sql_context", "sql");
    List<TaskItem> items = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      String db = t.columns().contains("db_path") ? t.string(i, "db_path") : "";
      if (!db.isBlank()) {
        Path dbFile = Path.of(db);
        if (!dbFile.isAbsolute() && t.source().toAbsolutePath().getParent() != null) {
          dbFile = t.source().toAbsolutePath().getParent().resolve(db);
        }
        if (!Files.isRegularFile(dbFile)) {
          throw new IllegalArgumentException("Data file " + t.source() + " row " + (i + 1) + " names the database "
              + db + " (db_path), which does not exist at " + dbFile + ": write the database there, or drop the"
              + " db_path column to build each database from sql_context.");
        }
        db = dbFile.toString();
      }
      items.add(new TaskItem.Sql(id(t, i), t.string(i, "domain"), t.string(i, "sql_complexity"),
          t.string(i, "sql_prompt"), t.string(i, "sql_context"), t.string(i, "sql"), db));
    }
    return new Dataset(name(t), "text-to-sql", t.source().toString(), items);
  }

  static Dataset vqa(DataTable t) {
    t.requireColumns("image", "question", "answer");
    List<TaskItem> items = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      List<String> answers = new ArrayList<>();
      if (t.columns().contains("answers") && t.value(i, "answers") instanceof List<?> l) {
        l.forEach(a -> answers.add(String.valueOf(a)));
      }
      items.add(new TaskItem.Vqa(id(t, i), image(t, i, "image"), t.string(i, "question"), t.string(i, "answer"),
          answers));
    }
    return new Dataset(name(t), "vqa", t.source().toString(), items);
  }

  static Dataset captioning(DataTable t) {
    t.requireColumns("image");
    String refCol = t.firstColumn("references", "captions", "caption", "text");
    List<TaskItem> items = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      List<String> refs = new ArrayList<>();
      if (t.value(i, refCol) instanceof List<?> l) {
        l.forEach(a -> refs.add(String.valueOf(a)));
      } else {
        refs.add(t.string(i, refCol));
      }
      items.add(new TaskItem.Caption(id(t, i), image(t, i, "image"), refs));
    }
    return new Dataset(name(t), "captioning", t.source().toString(), items);
  }

  private static String name(DataTable t) {
    String f = t.source().getFileName().toString();
    return f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
  }

  /** The row's {@code id} column, else its 0-based row number. */
  private static String id(DataTable t, int row) {
    if (t.columns().contains("id")) {
      String id = t.string(row, "id");
      if (!id.isBlank()) {
        return id;
      }
    }
    return Integer.toString(row);
  }

  /**
   * An image cell: the {@code datasets} struct {@code {bytes, path}} (Parquet, JSON), or a path relative to the
   * data file. Unreadable bytes are kept: decoding fails later, for that item only.
   */
  static TaskImage image(DataTable t, int row, String column) {
    Object v = t.value(row, column);
    String where = t.source() + " row " + row;
    if (v instanceof Map<?, ?> m) {
      Object bytes = m.get("bytes");
      if (bytes instanceof byte[] b && b.length > 0) {
        return new TaskImage(where, b);
      }
      if (bytes instanceof String s && !s.isBlank()) {
        return new TaskImage(where, DataTable.base64(s));
      }
      Object p = m.get("path");
      if (p != null && !String.valueOf(p).isBlank()) {
        return imageFile(t, String.valueOf(p), where);
      }
    } else if (v instanceof String s && !s.isBlank()) {
      return imageFile(t, s, where);
    }
    throw new IllegalArgumentException("Data file " + t.source() + " row " + row + " has no image in column "
        + column + " (got " + (v == null ? "null" : v.getClass().getSimpleName()) + "): give the image bytes or a"
        + " path relative to the data file.");
  }

  private static TaskImage imageFile(DataTable t, String rel, String where) {
    Path p = t.source().toAbsolutePath().getParent().resolve(rel).normalize();
    try {
      return new TaskImage(p.toString(), Files.readAllBytes(p));
    } catch (IOException e) {
      throw new IllegalArgumentException("Image " + p + " of " + where + " cannot be read (" + e.getMessage()
          + "): put the file there or fix the path.", e);
    }
  }

  /** A bundled file on disk: the data folder's, or a copy extracted from the jar (with its images). */
  private static Path bundledFile(String rel) {
    return DataFiles.file(rel).orElseGet(() -> extract(rel));
  }

  private static Path extract(String rel) {
    try {
      Path dir = Files.createTempDirectory("cegi-tasks-");
      Path target = dir.resolve(rel);
      copy(rel, target);
      if (rel.startsWith("tasks/captioning/") || rel.startsWith("tasks/vqa/")) {
        DataTable t = DataTable.read(target);
        for (int i = 0; i < t.size(); i++) {
          String img = t.string(i, "image");
          Path to = target.getParent().resolve(img).normalize();
          if (!Files.exists(to)) {
            copy(rel.substring(0, rel.lastIndexOf('/') + 1) + img, to);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract bundled data " + rel + ": " + e.getMessage(), e);
    }
  }

  private static void copy(String rel, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in = DataFiles.open(rel)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
