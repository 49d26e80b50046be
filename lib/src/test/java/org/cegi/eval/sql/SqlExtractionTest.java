package org.cegi.eval.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlExtractionTest {
  @Test
  void fencedSqlBlockWins() {
    assertThat(SqlExtraction.extract("Sure:\n```sql\nSELECT name FROM t;\n```\nThis lists names."))
        .isEqualTo("SELECT name FROM t");
    assertThat(SqlExtraction.extract("```python\nprint(1)\n```\n```SQL\nSELECT 1\n```")).isEqualTo("SELECT 1");
    assertThat(SqlExtraction.extract("```\nSELECT a FROM b\n```")).isEqualTo("SELECT a FROM b");
  }

  @Test
  void plainTextStartsAtSelectAndEndsAtSemicolonOrBlankLine() {
    assertThat(SqlExtraction.extract("The query is SELECT a FROM b WHERE c = 'x;y'; it returns a."))
        .isEqualTo("SELECT a FROM b WHERE c = 'x;y'");
    assertThat(SqlExtraction.extract("SELECT a\nFROM b\n\nExplanation: picks a.")).isEqualTo("SELECT a\nFROM b");
    assertThat(SqlExtraction.extract("with x as (select 1) select * from x")).isEqualTo("with x as (select 1) select * from x");
    assertThat(SqlExtraction.extract("```sql\nSELECT 1")).isEqualTo("SELECT 1");
  }

  @Test
  void noQueryGivesTheTrimmedText() {
    assertThat(SqlExtraction.extract("  I don't know  ")).isEqualTo("I don't know");
    assertThat(SqlExtraction.extract("")).isEmpty();
  }

  @Test
  void vesFollowsBird() {
    assertThat(Ves.score(List.of(new Ves.Query(true, 4.0), new Ves.Query(false, 9.0)))).isEqualTo(100.0);
    assertThat(Ves.timeRatio(List.of(2.0, 2.0, 2.0), List.of(1.0, 1.0, 1.0))).isEqualTo(2.0);
    assertThatThrownBy(() -> Ves.timeRatio(List.of(1.0), List.of(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goldSeconds and predSeconds must have the same, positive size, got 1 and 2");
    assertThatThrownBy(() -> Ves.score(List.of())).hasMessageContaining("VES of 0 queries");
  }
}
