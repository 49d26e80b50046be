package org.cegi.eval.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cegi.internal.Check;
import org.sqlite.SQLiteConfig;

/**
 * Text-to-SQL execution accuracy on SQLite with the semantics of the Spider test-suite evaluation
 * ({@code exec_eval.eval_exec_match}): both queries get the post-processing repairs, every {@code DISTINCT} is
 * removed unless {@link Builder#keepDistinct(boolean)}, the prediction must give a denotation equivalent to the
 * gold's on every database of the suite (multisets, row order only when the gold contains {@code order by},
 * column permutations, two empty results equal, Python value equality), and a prediction that fails or runs
 * past the timeout scores 0 and keeps its error.
 *
 * <pre>{@code
 * SqlExecution exec = SqlExecution.builder().timeout(Duration.ofSeconds(30)).build();
 * SqlExecution.Outcome o = exec.evaluate(List.of(mainDb, variantDb), goldSql, predictedSql);
 * if (!o.accepted()) System.out.println(o.error().orElse("different result"));
 * }</pre>
 *
 * <p>{@link Builder#plugValue(boolean)} enables the test suite's {@code plug_value} option.
 */
public final class SqlExecution {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cegi-sql-timeout");
    t.setDaemon(true);
    return t;
  });

  private final boolean keepDistinct;
  private final boolean plugValue;
  private final Duration timeout;

  private SqlExecution(Builder b) {
    this.keepDistinct = b.keepDistinct;
    this.plugValue = b.plugValue;
    this.timeout = b.timeout;
  }

  /** Defaults of the test suite: DISTINCT removed, 60 s timeout per query. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The result of one gold/prediction pair.
   *
   * @param accepted true when the prediction's denotation equals the gold's on every database
   * @param orderMatters whether row order was compared (the gold contains {@code order by})
   * @param error the prediction's execution error, when it failed
   */
  public record Outcome(boolean accepted, boolean orderMatters, Optional<String> error) {
    public Outcome {
      Objects.requireNonNull(error, "error");
    }

    /** 1 for accepted, 0 otherwise, as the reference returns it. */
    public int score() {
      return accepted ? 1 : 0;
    }
  }

  /** Rows of a query with Python {@code sqlite3} value types (Long, Double, String, byte[], null). */
  public record Execution(List<List<Object>> rows, Optional<String> error, Duration elapsed) {
    public Execution {
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean failed() {
      return error.isPresent();
    }
  }

  /**
   * Evaluates a prediction against the gold query on a test suite of databases (the first is the main one).
   *
   * @throws IllegalArgumentException when the suite is empty, a database is missing, or the gold query fails
   */
  public Outcome evaluate(List<Path> suite, String gold, String pred) {
    Check.noNulls("suite", suite);
    Check.notNull("gold", gold);
    Check.notNull("pred", pred);
    if (suite.isEmpty()) {
      throw new IllegalArgumentException("suite must name at least one SQLite database file, got 0");
    }
    for (Path db : suite) {
      if (!Files.isRegularFile(db)) {
        throw new IllegalArgumentException("database " + db + " does not exist; build it first (buildDatabase)");
      }
    }
    String p = SqlText.postprocess(pred);
    String g = SqlText.postprocess(gold);
    if (!keepDistinct) {
      try {
        p = SqlText.removeDistinct(p);
      } catch (IllegalArgumentException e) {
        return new Outcome(false, false, Optional.of(e.getMessage()));
      }
      g = SqlText.removeDistinct(g);
    }
    boolean orderMatters = g.toLowerCase(java.util.Locale.ROOT).contains("order by");
    List<Execution> golds = new ArrayList<>();
    for (Path db : suite) {
      Execution ge = execute(db, g);
      if (ge.failed()) {
        throw new IllegalArgumentException("the gold query fails on " + db + ": " + ge.error().get()
            + "; gold = " + g);
      }
      golds.add(ge);
    }
    Optional<String> firstError = Optional.empty();
    java.util.Iterator<String> plugged = plugValue ? PlugValues.candidates(g, p) : java.util.Collections.emptyIterator();
    String candidate = p;
    while (candidate != null) {
      Optional<String> error = passes(suite, golds, candidate, orderMatters);
      if (error == null) {
        return new Outcome(true, orderMatters, Optional.empty());
      }
      if (firstError.isEmpty() && candidate == p) {
        firstError = error;
      }
      candidate = plugged.hasNext() ? plugged.next() : null;
    }
    return new Outcome(false, orderMatters, firstError);
  }

  /** null when the prediction matches on every database; else its error (empty for a different result). */
  private Optional<String> passes(List<Path> suite, List<Execution> golds, String pred, boolean orderMatters) {
    for (int i = 0; i < suite.size(); i++) {
      Execution pe = execute(suite.get(i), pred);
      if (pe.failed()) {
        return pe.error();
      }
      if (!Denotations.equivalent(golds.get(i).rows(), pe.rows(), orderMatters)) {
        return Optional.empty();
      }
    }
    return null;
  }

  /**
   * Runs one query as the reference does before comparing ({@code YEAR(CURDATE())} → 2020), read-only, with the
   * timeout. Failures (syntax, several statements, timeout) come back as {@link Execution#error()}.
   */
  public Execution execute(Path db, String sql) {
    Check.notNull("db", db);
    Check.notNull("sql", sql);
    String q = SqlText.replaceCurrentYear(sql);
    long start = System.nanoTime();
    if (SqlText.hasSeveralStatements(q)) {
      return new Execution(List.of(), Optional.of("You can only execute one statement at a time."),
          Duration.ofNanos(System.nanoTime() - start));
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
        Statement st = c.createStatement()) {
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
        timedOut.set(true);
        try {
          st.cancel();
        } catch (SQLException ignored) {
          // the statement finished meanwhile
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<List<Object>> rows = new ArrayList<>();
      // Time the statement and the fetch only, not the connection (VES compares execution times).
      start = System.nanoTime();
      try {
        if (st.execute(q)) {
          try (ResultSet rs = st.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            int cols = md.getColumnCount();
            while (rs.next()) {
              List<Object> row = new ArrayList<>(cols);
              for (int i = 1; i <= cols; i++) {
                Object v = rs.getObject(i);
                row.add(v instanceof Integer n ? Long.valueOf(n) : v);
              }
              rows.add(row);
            }
          }
        }
      } catch (SQLException e) {
        String msg = timedOut.get() ? "timeout: the query ran longer than " + timeout.toMillis() + " ms"
            : e.getMessage();
        return new Execution(List.of(), Optional.of(msg), Duration.ofNanos(System.nanoTime() - start));
      } finally {
        watchdog.cancel(false);
      }
      if (timedOut.get()) {
        return new Execution(List.of(), Optional.of("timeout: the query ran longer than " + timeout.toMillis()
            + " ms"), Duration.ofNanos(System.nanoTime() - start));
      }
      return new Execution(rows, Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
    } catch (SQLException e) {
      return new Execution(List.of(), Optional.of(e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Builds a SQLite database by running a SQL script on a new, empty file.
   *
   * @throws IllegalArgumentException when the file exists already or the script fails
   */
  public static void buildDatabase(Path script, Path dbFile) {
    Check.notNull("script", script);
    Check.notNull("dbFile", dbFile);
    if (Files.exists(dbFile)) {
      throw new IllegalArgumentException("database file " + dbFile + " exists already; pass a new path");
    }
    String sql;
    try {
      sql = Files.readString(script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQL script " + script, e);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
        Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalArgumentException("SQL script " + script + " failed: " + e.getMessage(), e);
    }
  }

  /** Configuration of {@link SqlExecution}. */
  public static final class Builder {
    private boolean keepDistinct;
    private boolean plugValue;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    /** Keep {@code DISTINCT} in both queries (the reference removes it by default). */
    public Builder keepDistinct(boolean keepDistinct) {
      this.keepDistinct = keepDistinct;
      return this;
    }

    /**
     * Also accept the prediction when plugging the gold query's literal values into its value slots gives the
     * gold's result (the test suite's {@code plug_value}; value prediction is then not judged).
     */
    public Builder plugValue(boolean plugValue) {
      this.plugValue = plugValue;
      return this;
    }

    /** Time limit per query execution (default 60 s, the test suite's). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public SqlExecution build() {
      return new SqlExecution(this);
    }
  }
}
