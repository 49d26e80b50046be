package org.cegi.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cegi.eval.sql.SqlExecution;
import org.cegi.eval.sql.SqlExtraction;
import org.cegi.eval.sql.Ves;

/**
 * Text-to-SQL ({@code gretelai/synthetic_text_to_sql} in the paper). The prompt gives the schema (the item's
 * {@code sql_context}, the CREATE TABLE and INSERT statements) and the question; the answer is the query inside
 * the reply's {@code ```sql} fence ({@link SqlExtraction}). Each item's {@code sql_context} builds a SQLite
 * database (once per distinct context, in a temporary folder) that gold and predicted queries run against.
 * Metrics: {@code execution_accuracy} (test-suite semantics, 0/1) and {@code ves} (BIRD's valid efficiency score
 * of the item: 100 × sqrt(gold time / predicted time) when correct, else 0; the set's VES is their mean).
 * Gain: {@code execution_accuracy}.
 */
public final class TextToSqlTask implements Task {
  /** System message. */
  public static final String SYSTEM = "You are an expert in SQLite. Given a database schema and a question, write"
      + " one SQLite query that answers the question. Reply with the query inside a ```sql code block.";

  private static final int VES_RUNS = 3;
  private static final Map<String, Path> DATABASES = new ConcurrentHashMap<>();
  private static volatile Path dbDir;
  private final SqlExecution exec = SqlExecution.builder().timeout(Duration.ofSeconds(30)).build();

  @Override
  public String name() {
    return "text-to-sql";
  }

  @Override
  public boolean needsImage() {
    return false;
  }

  @Override
  public Class<? extends TaskItem> itemType() {
    return TaskItem.Sql.class;
  }

  @Override
  public Prompt prompt(TaskItem item) {
    TaskItem.Sql q = cast(item, TaskItem.Sql.class);
    return Prompt.text(SYSTEM, "Database schema:\n" + q.context().strip() + "\n\nQuestion: " + q.question().strip());
  }

  /** The query of the first {@code ```sql} block (else the first block, else from the first SELECT/WITH). */
  @Override
  public String extract(String output) {
    return SqlExtraction.extract(output);
  }

  /**
   * Executes gold and prediction on the item's database.
   *
   * @throws IllegalArgumentException when the {@code sql_context} or the gold query does not execute (a data
   *     problem: the run engine records it as the item's error)
   */
  @Override
  public ItemScore score(TaskItem item, String answer) {
    TaskItem.Sql q = cast(item, TaskItem.Sql.class);
    Path db = database(q);
    if (answer.isBlank()) {
      Map<String, Double> none = new LinkedHashMap<>();
      none.put("execution_accuracy", 0.0);
      none.put("ves", 0.0);
      return new ItemScore(none, "no SQL found in the output");
    }
    SqlExecution.Outcome o = exec.evaluate(List.of(db), q.sql(), answer);
    double ves = 0;
    if (o.accepted()) {
      ves = 100 * Math.sqrt(Ves.measureTimeRatio(exec, db, q.sql(), answer, VES_RUNS));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("execution_accuracy", o.accepted() ? 1.0 : 0.0);
    out.put("ves", ves);
    return new ItemScore(out, o.error().map(e -> "prediction failed: " + e).orElse(""));
  }

  @Override
  public List<String> references(TaskItem item) {
    return List.of(cast(item, TaskItem.Sql.class).sql());
  }

  @Override
  public List<String> metrics() {
    return List.of("execution_accuracy", "ves");
  }

  @Override
  public String gainMetric() {
    return "execution_accuracy";
  }

  /**
   * The item's own database file when it names one, else the SQLite database built from its {@code sql_context}
   * (cached per distinct context).
   *
   * @throws IllegalArgumentException naming the item when the context does not execute
   */
  public static Path database(TaskItem.Sql item) {
    if (!item.database().isBlank()) {
      Path given = Path.of(item.database());
      if (!Files.isRegularFile(given)) {
        throw new IllegalArgumentException("The database " + given + " of item " + item.id() + " does not exist:"
            + " write it there (the lab writes data/company.sqlite in its run folder), or leave db_path empty to"
            + " build it from sql_context.");
      }
      return given;
    }
    String key = sha256(item.context());
    Path cached = DATABASES.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (DATABASES) {
      cached = DATABASES.get(key);
      if (cached != null) {
        return cached;
      }
      try {
        if (dbDir == null) {
          dbDir = Files.createTempDirectory("cegi-sql-");
          dbDir.toFile().deleteOnExit();
        }
        Path script = dbDir.resolve(key + ".sql");
        Path db = dbDir.resolve(key + ".sqlite");
        Files.writeString(script, item.context(), StandardCharsets.UTF_8);
        Files.deleteIfExists(db);
        try {
          SqlExecution.buildDatabase(script, db);
        } catch (IllegalArgumentException e) {
          Files.deleteIfExists(db);
          throw new IllegalArgumentException("The sql_context of item " + item.id() + " does not execute on SQLite ("
              + e.getMessage() + "): fix or drop the item.", e);
        }
        script.toFile().deleteOnExit();
        db.toFile().deleteOnExit();
        DATABASES.put(key, db);
        return db;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write a SQLite database for item " + item.id() + " into "
            + dbDir + ": " + e.getMessage(), e);
      }
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
