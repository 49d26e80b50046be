package org.cegi.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;
import org.cegi.tasks.TextToSqlTask;
import org.cegi.tasks.samples.SampleGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  void bundledSamplesHaveAtLeastFortyItemsPerTaskThatLoad() {
    for (String task : Tasks.names()) {
      Dataset d = Datasets.bundled(task);
      assertThat(d.size()).as(task).isGreaterThanOrEqualTo(40);
      assertThat(d.name()).isEqualTo("bundled/" + task);
      for (TaskItem item : d.items()) {
        if (item instanceof TaskItem.Caption c) {
          assertThat(c.image().decode().getWidth()).isEqualTo(96);
          assertThat(c.references()).hasSize(5);
        } else if (item instanceof TaskItem.Vqa v) {
          assertThat(v.image().decode().getHeight()).isEqualTo(96);
          assertThat(v.answers()).hasSize(10);
        } else if (item instanceof TaskItem.Sql s) {
          assertThat(TextToSqlTask.database(s)).exists();
        }
      }
    }
  }

  @Test
  void samplingIsSeededAndBounded() {
    Dataset d = Datasets.bundled("summarization");
    assertThat(d.sample(10, 7).items()).isEqualTo(d.sample(10, 7).items());
    assertThat(d.sample(10, 7).items()).isNotEqualTo(d.sample(10, 8).items());
    assertThat(d.sample(10, 7).source()).endsWith("(sample of 10, seed 7)");
    assertThatThrownBy(() -> d.sample(41, 1)).hasMessage("Cannot sample 41 items from data set bundled/summarization"
        + " (data/tasks/summarization/dialogues.jsonl), which has 40: ask for 1..40 samples.");
  }

  @Test
  void samsumJsonArrayAndCsv() throws Exception {
    Path json = dir.resolve("test.json");
    Files.writeString(json, "[{\"id\": \"13862856\", \"dialogue\": \"Ann: hi\\r\\nBo: hello\", \"summary\":"
        + " \"They greet.\"}]");
    Dataset d = Datasets.samsum(json);
    assertThat(d.items()).containsExactly(new TaskItem.Dialogue("13862856", "Ann: hi\nBo: hello", "They greet."));
    Path csv = dir.resolve("samsum.csv");
    Files.writeString(csv, "id,dialogue,summary\n1,\"A: x\nB: y\",Both talk.\n");
    assertThat(Datasets.samsum(csv).items().get(0)).isEqualTo(new TaskItem.Dialogue("1", "A: x\nB: y", "Both talk."));
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsPresent() throws Exception {
    Path jsonl = dir.resolve("gretel.jsonl");
    Files.writeString(jsonl, "{\"id\": 1, \"sql_prompt\": \"q\", \"sql\": \"SELECT 1\"}\n");
    assertThatThrownBy(() -> Datasets.gretel(jsonl)).hasMessage("Data file " + jsonl + " lacks column sql_context"
        + " (it has [id, sql_prompt, sql]): use the data set's published file, or map your column names in the plan"
        + " (columns: {sql_context: your_name}).");
  }

  @Test
  void unknownFormatAndMissingFile() {
    assertThatThrownBy(() -> DataTable.read(dir.resolve("x.txt"))).hasMessageStartingWith("Data file "
        + dir.resolve("x.txt") + " does not exist");
    assertThatThrownBy(() -> Datasets.load("vqa", dir.resolve("nope.parquet"), "")).hasMessage("Data file "
        + dir.resolve("nope.parquet") + " does not exist: download the data set's file (Parquet, JSON, JSON Lines"
        + " or CSV) there, or use the bundled sample (source: bundled).");
  }

  @Test
  void gretelParquetWithSplitColumnThroughDuckDb() throws Exception {
    Path pq = dir.resolve("synthetic_text_to_sql_test.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id BIGINT, domain VARCHAR, sql_complexity VARCHAR, sql_prompt VARCHAR,"
          + " sql_context VARCHAR, sql VARCHAR, split VARCHAR)");
      st.execute("INSERT INTO t VALUES (5097, 'forestry', 'single join', 'How many trees?',"
          + " 'CREATE TABLE trees (id INT); INSERT INTO trees VALUES (1);', 'SELECT COUNT(*) FROM trees;', 'test'),"
          + " (5098, 'forestry', 'basic SQL', 'x?', 'CREATE TABLE a (id INT);', 'SELECT 1;', 'train')");
      st.execute("COPY t TO '" + pq + "' (FORMAT PARQUET)");
    }
    Dataset all = Datasets.gretel(pq);
    assertThat(all.size()).isEqualTo(2);
    Dataset test = Datasets.load("text-to-sql", pq, "test");
    assertThat(test.items()).containsExactly(new TaskItem.Sql("5097", "forestry", "single join", "How many trees?",
        "CREATE TABLE trees (id INT); INSERT INTO trees VALUES (1);", "SELECT COUNT(*) FROM trees;"));
  }

  @Test
  void pathVqaParquetWithImageStructAndAnUndecodableImage() throws Exception {
    Path pq = dir.resolve("test-00000-of-00001.parquet");
    byte[] png = SampleGenerator.drawForTest();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (image STRUCT(bytes BLOB, path VARCHAR), question VARCHAR, answer VARCHAR)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES ({'bytes': ?, 'path': ?}, ?, ?)")) {
        ps.setBytes(1, png);
        ps.setString(2, "img0.png");
        ps.setString(3, "is there a circle?");
        ps.setString(4, "yes");
        ps.execute();
        ps.setBytes(1, "not an image".getBytes(StandardCharsets.UTF_8));
        ps.setString(2, "img1.jpg");
        ps.setString(3, "what is shown?");
        ps.setString(4, "tissue");
        ps.execute();
      }
      try (Statement st = c.createStatement()) {
        st.execute("COPY t TO '" + pq + "' (FORMAT PARQUET)");
      }
    }
    Dataset d = Datasets.pathVqa(pq);
    assertThat(d.size()).isEqualTo(2);
    TaskItem.Vqa first = (TaskItem.Vqa) d.items().get(0);
    assertThat(first.id()).isEqualTo("0");
    assertThat(first.question()).isEqualTo("is there a circle?");
    assertThat(first.image().decode().getWidth()).isEqualTo(96);
    TaskItem.Vqa second = (TaskItem.Vqa) d.items().get(1);
    assertThatThrownBy(() -> second.image().decode()).hasMessageStartingWith("Image " + pq + " row 1 does not"
        + " decode");
  }

  @Test
  void artbenchJsonlWithImagePathsAndTextColumn() throws Exception {
    Files.write(dir.resolve("a.png"), SampleGenerator.drawForTest());
    Path jsonl = dir.resolve("metadata.jsonl");
    Files.writeString(jsonl, "{\"image\": \"a.png\", \"text\": \"a painting of shapes\"}\n");
    TaskItem.Caption c = (TaskItem.Caption) Datasets.artbench(jsonl).items().get(0);
    assertThat(c.references()).containsExactly("a painting of shapes");
    assertThat(c.image().size()).isEqualTo(SampleGenerator.drawForTest().length);
    Files.writeString(jsonl, "{\"image\": \"missing.png\", \"text\": \"x\"}\n");
    assertThatThrownBy(() -> Datasets.artbench(jsonl)).hasMessageStartingWith("Image " + dir.resolve("missing.png")
        + " of " + jsonl + " row 0 cannot be read (");
  }

  @Test
  void repeatedIdsAreRefused() throws Exception {
    Path jsonl = dir.resolve("d.jsonl");
    Files.writeString(jsonl, String.join("\n", List.of("{\"id\":\"a\",\"dialogue\":\"x\",\"summary\":\"y\"}",
        "{\"id\":\"a\",\"dialogue\":\"x\",\"summary\":\"y\"}")));
    assertThatThrownBy(() -> Datasets.samsum(jsonl)).hasMessage("Data set d (" + jsonl + ") repeats item id a: item"
        + " ids must be unique so that results can be resumed and merged.");
  }
}
