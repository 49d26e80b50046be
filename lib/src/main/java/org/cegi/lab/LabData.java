package org.cegi.lab;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.data.Datasets;

/**
 * The lab's task data as the run engine's items: text-to-SQL questions whose {@code sql_context} is the schema of
 * the lab's database (the CREATE TABLE statements, so prompts stay short) and whose queries run against the
 * database file itself ({@code db_path}), and dialogues with their summaries. {@link #write} writes the database and
 * one JSON Lines file per task and split in the formats {@link Datasets} reads ({@code sql_prompt, sql_context, sql,
 * db_path}; {@code id, dialogue, summary}) and reads the held-out files back through {@link Datasets}, so the lab
 * scores exactly the items a run plan with those files as {@code source:} would.
 */
final class LabData {
  private final SqlTaskData sql;
  private final Map<LabTask, List<TaskItem>> train;
  private final Map<LabTask, List<TaskItem>> heldOut;
  private final Map<LabTask, Path> heldOutFiles;

  private LabData(SqlTaskData sql, Map<LabTask, List<TaskItem>> train, Map<LabTask, List<TaskItem>> heldOut,
      Map<LabTask, Path> heldOutFiles) {
    this.sql = sql;
    this.train = train;
    this.heldOut = heldOut;
    this.heldOutFiles = heldOutFiles;
  }

  /** The data of a configuration, in memory (held-out SQL items name no database file). */
  static LabData generate(LabConfig config) {
    SqlTaskData sql = SqlTaskData.generate(config.seed(), config.heldOutShare());
    SummTaskData summ = SummTaskData.generate(config.seed() + 3, config.summItems(), config.heldOutShare());
    Map<LabTask, List<TaskItem>> train = new EnumMap<>(LabTask.class);
    Map<LabTask, List<TaskItem>> held = new EnumMap<>(LabTask.class);
    String schema = schema(sql.script());
    train.put(LabTask.SQL, sqlItems("sql-t", sql.train(), schema, ""));
    held.put(LabTask.SQL, sqlItems("sql-h", sql.heldOut(), schema, ""));
    train.put(LabTask.SUMM, dialogues("summ-t", summ.train()));
    held.put(LabTask.SUMM, dialogues("summ-h", summ.heldOut()));
    return new LabData(sql, train, held, Map.of());
  }

  /**
   * Writes the database ({@code company.sqlite}) and {@code <task>-train.jsonl} / {@code <task>-heldout.jsonl}
   * into {@code dataDir}, and returns the data with the held-out items as {@link Datasets} reads them back.
   */
  static LabData write(LabConfig config, Path dataDir) {
    LabData d = generate(config);
    d.sql.writeDatabase(dataDir.resolve("company.sqlite"));
    Map<LabTask, List<TaskItem>> held = new EnumMap<>(LabTask.class);
    Map<LabTask, Path> files = new EnumMap<>(LabTask.class);
    for (LabTask t : LabTask.values()) {
      String task = t.task().name();
      writeItems(dataDir.resolve(task + "-train.jsonl"), d.train.get(t));
      Path f = dataDir.resolve(task + "-heldout.jsonl");
      writeItems(f, d.heldOut.get(t));
      held.put(t, Datasets.load(task, f, "").items());
      files.put(t, f);
    }
    return new LabData(d.sql, d.train, held, files);
  }

  /** The CREATE TABLE statements of a database script (no rows). */
  static String schema(String script) {
    StringBuilder b = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.startsWith("CREATE TABLE")) {
        b.append(line.strip()).append('\n');
      }
    }
    return b.toString().strip();
  }

  private static List<TaskItem> sqlItems(String prefix, List<LabExample> items, String schema, String db) {
    List<TaskItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      LabExample e = items.get(i);
      out.add(new TaskItem.Sql(String.format(Locale.ROOT, "%s%04d", prefix, i), "lab", "", e.prompt(), schema,
          e.answer(), db));
    }
    return out;
  }

  private static List<TaskItem> dialogues(String prefix, List<LabExample> items) {
    List<TaskItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(new TaskItem.Dialogue(String.format(Locale.ROOT, "%s%04d", prefix, i), items.get(i).prompt(),
          items.get(i).answer()));
    }
    return out;
  }

  private static void writeItems(Path file, List<TaskItem> items) {
    StringBuilder b = new StringBuilder();
    Gson gson = new Gson();
    for (TaskItem item : items) {
      JsonObject o = new JsonObject();
      o.addProperty("id", item.id());
      if (item instanceof TaskItem.Sql q) {
        o.addProperty("domain", q.domain());
        o.addProperty("sql_complexity", q.complexity());
        o.addProperty("sql_prompt", q.question());
        o.addProperty("sql_context", q.context());
        o.addProperty("sql", q.sql());
        o.addProperty("db_path", "company.sqlite");
      } else if (item instanceof TaskItem.Dialogue d) {
        o.addProperty("dialogue", d.dialogue());
        o.addProperty("summary", d.summary());
      }
      b.append(gson.toJson(o)).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  SqlTaskData sql() {
    return sql;
  }

  List<TaskItem> trainItems(LabTask t) {
    return train.get(t);
  }

  List<TaskItem> heldOut(LabTask t) {
    return heldOut.get(t);
  }

  /** The held-out file of a task (only after {@link #write}). */
  Path heldOutFile(LabTask t) {
    Path f = heldOutFiles.get(t);
    if (f == null) {
      throw new IllegalStateException("the lab's data files are not written yet");
    }
    return f;
  }
}
