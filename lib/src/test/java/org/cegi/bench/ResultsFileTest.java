package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
  @TempDir Path dir;
  static final List<String> COLS = List.of("k", "text", "n");

  @Test
  void appendsFlushesAndResumes() {
    Path p = dir.resolve("r.csv");
    try (ResultsFile f = ResultsFile.open(p, COLS, List.of("k"))) {
      f.append(Map.of("k", "a", "text", "multi\nline, \"quoted\" ünï", "n", "1"));
      f.append(Map.of("k", "b", "n", "2"));
      assertThat(ResultsFile.read(p)).hasSize(2);
    }
    try (ResultsFile f = ResultsFile.open(p, COLS, List.of("k"))) {
      assertThat(f.recovered()).isEqualTo(2);
      assertThat(f.truncatedChars()).isZero();
      assertThat(f.done()).containsExactlyInAnyOrder("a", "b");
    }
    assertThat(ResultsFile.read(p).get(0).get("text")).isEqualTo("multi\nline, \"quoted\" ünï");
  }

  @Test
  void aTornRowIsCutOffWhetherItEndsInsideQuotesOrNot() throws Exception {
    for (String torn : List.of("c,\"half\nof a quoted", "c,half", "c,\"x\",3,extra\n", "c,\"done\"\n")) {
      Path p = dir.resolve("t" + torn.hashCode() + ".csv");
      try (ResultsFile f = ResultsFile.open(p, COLS, List.of("k"))) {
        f.append(Map.of("k", "a", "text", "é\nx", "n", "1"));
      }
      String clean = Files.readString(p);
      Files.writeString(p, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      try (ResultsFile f = ResultsFile.open(p, COLS, List.of("k"))) {
        assertThat(f.done()).as(torn).containsExactly("a");
        assertThat(f.truncatedChars()).as(torn).isEqualTo(torn.length());
        f.append(Map.of("k", "c", "text", "whole", "n", "3"));
      }
      assertThat(Files.readString(p)).as(torn).startsWith(clean).endsWith("c,whole,3\n");
      assertThat(ResultsFile.read(p)).extracting(m -> m.get("k")).containsExactly("a", "c");
    }
  }

  @Test
  void aFileWithOtherColumnsIsRefused() throws Exception {
    Path p = dir.resolve("old.csv");
    Files.writeString(p, "k,text\na,b\n");
    assertThatThrownBy(() -> ResultsFile.open(p, COLS, List.of("k"))).hasMessage("Results file " + p + " has other"
        + " columns (2: [k, text]) than this version writes (3): write to a new output folder, or merge the old file"
        + " with `cegi merge`.");
    try (ResultsFile f = ResultsFile.open(dir.resolve("n.csv"), COLS, List.of("k"))) {
      assertThatThrownBy(() -> f.append(Map.of("zz", "1"))).hasMessageStartingWith("Column zz is not a column of");
    }
  }
}
