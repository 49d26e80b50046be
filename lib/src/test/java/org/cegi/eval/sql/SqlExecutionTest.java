package org.cegi.eval.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlExecutionTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void build() throws Exception {
    Path script = dir.resolve("t.sql");
    Files.writeString(script, "CREATE TABLE t (a INTEGER, b REAL, c TEXT);\n"
        + "INSERT INTO t VALUES (1, 8.0, '2');\nINSERT INTO t VALUES (2, NULL, 'x');\n");
    db = dir.resolve("t.sqlite");
    SqlExecution.buildDatabase(script, db);
  }

  @Test
  void pythonValueSemantics() {
    SqlExecution exec = SqlExecution.builder().build();
    assertThat(exec.evaluate(List.of(db), "SELECT 8", "SELECT b FROM t WHERE a = 1").accepted()).isTrue();
    assertThat(exec.evaluate(List.of(db), "SELECT 2", "SELECT c FROM t WHERE a = 1").accepted()).isFalse();
    assertThat(exec.evaluate(List.of(db), "SELECT NULL", "SELECT b FROM t WHERE a = 2").accepted()).isTrue();
  }

  @Test
  void failingPredictionKeepsItsErrorAndGoldFailureIsBadInput() {
    SqlExecution.Outcome o = SqlExecution.builder().build().evaluate(List.of(db), "SELECT a FROM t", "SELECT z FROM t");
    assertThat(o.accepted()).isFalse();
    assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("no such column: z"));
    assertThatThrownBy(() -> SqlExecution.builder().build().evaluate(List.of(db), "SELEC a", "SELECT a FROM t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the gold query fails on " + db);
    assertThatThrownBy(() -> SqlExecution.builder().build().evaluate(List.of(), "SELECT 1", "SELECT 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("suite must name at least one SQLite database file, got 0");
  }

  @Test
  void timeoutScoresZero() {
    SqlExecution exec = SqlExecution.builder().timeout(Duration.ofMillis(200)).build();
    String slow = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";
    SqlExecution.Outcome o = exec.evaluate(List.of(db), "SELECT 1", slow);
    assertThat(o.accepted()).isFalse();
    assertThat(o.error()).hasValue("timeout: the query ran longer than 200 ms");
  }

  @Test
  void textRules() {
    assertThat(SqlText.removeDistinct("SELECT DISTINCT a FROM t WHERE c = 'distinct'; SELECT 1"))
        .isEqualTo("SELECT  a FROM t WHERE c = 'distinct'; ");
    assertThat(SqlText.hasSeveralStatements("SELECT 1; -- done\n")).isFalse();
    assertThat(SqlText.hasSeveralStatements("SELECT ';'; SELECT 2")).isTrue();
    assertThat(SqlText.replaceCurrentYear("SELECT year(curdate ( ))  - 1")).isEqualTo("SELECT 2020- 1");
    assertThat(Denotations.pyFloatRepr(1e16)).isEqualTo("1e+16");
    assertThat(Denotations.pyFloatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(Denotations.pyFloatRepr(0.00001)).isEqualTo("1e-05");
    assertThat(Denotations.pyFloatRepr(12.5)).isEqualTo("12.5");
    assertThat(Denotations.pyFloatRepr(8.0)).isEqualTo("8.0");
  }
}
