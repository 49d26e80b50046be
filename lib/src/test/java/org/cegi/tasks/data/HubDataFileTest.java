package org.cegi.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.cegi.model.hub.HubClient;
import org.cegi.model.hub.LocalHub;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets from Hub data set repositories, against a local hub on 127.0.0.1. */
class HubDataFileTest {
  static final String SAMSUM = "cegi-test/samsum-mini";
  static final String GRETEL = "cegi-test/gretel-mini";
  static final String SAMSUM_URI = "hf://datasets/" + SAMSUM + "/data/test.jsonl";
  static final String GRETEL_URI = "hf://datasets/" + GRETEL + "/synthetic_text_to_sql_test.snappy.parquet";

  @TempDir Path tmp;
  Path cache;
  LocalHub hub;

  /** Three dialogues in SAMSum's columns (id, dialogue, summary), written by the project. */
  static String samsumJsonl() {
    return """
        {"id": "13818513", "dialogue": "Ann: Lunch at noon?\\r\\nBob: Yes, see you at the cafe.", "summary": "Ann and Bob will have lunch at noon at the cafe."}
        {"id": "13728867", "dialogue": "Cat: Did you feed the fish?\\r\\nDan: I forgot, doing it now.", "summary": "Dan forgot to feed the fish and is doing it now."}
        {"id": "13681000", "dialogue": "Eve: The train is late.\\r\\nFay: I'll wait at the station.", "summary": "Eve's train is late; Fay will wait at the station."}
        """;
  }

  /** Two questions in gretel's columns, written as Parquet by DuckDB. */
  static Path gretelParquet(Path to) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id BIGINT, domain VARCHAR, domain_description VARCHAR, sql_complexity VARCHAR,"
          + " sql_complexity_description VARCHAR, sql_task_type VARCHAR, sql_task_type_description VARCHAR,"
          + " sql_prompt VARCHAR, sql_context VARCHAR, sql VARCHAR, sql_explanation VARCHAR)");
      st.execute("INSERT INTO t VALUES (5097, 'forestry', 'd', 'single join', 'd', 'analytics', 'd',"
          + " 'How many trees?', 'CREATE TABLE trees (id INT); INSERT INTO trees VALUES (1);',"
          + " 'SELECT COUNT(*) FROM trees;', 'counts'), (5098, 'retail', 'd', 'basic SQL', 'd', 'analytics', 'd',"
          + " 'Names?', 'CREATE TABLE p (name TEXT);', 'SELECT name FROM p;', 'lists')");
      st.execute("COPY t TO '" + to + "' (FORMAT PARQUET)");
    }
    return to;
  }

  @BeforeEach
  void start() throws Exception {
    cache = tmp.resolve("hf-cache");
    Path jsonl = tmp.resolve("served/test.jsonl");
    Files.createDirectories(jsonl.getParent());
    Files.writeString(jsonl, samsumJsonl(), StandardCharsets.UTF_8);
    hub = new LocalHub().dataset(SAMSUM, "data/test.jsonl", jsonl)
        .dataset(GRETEL, "synthetic_text_to_sql_test.snappy.parquet",
            gretelParquet(tmp.resolve("served/gretel.parquet")));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  HubClient.Builder client() {
    return HubClient.builder().endpoint(hub.endpoint()).cacheDir(cache).noToken();
  }

  @Test
  void parsesHubAddressesAndRefusesOthersNamingTheForm() {
    HubDataFile f = HubDataFile.parse(GRETEL_URI);
    assertThat(f).isEqualTo(new HubDataFile(GRETEL, "main", "synthetic_text_to_sql_test.snappy.parquet"));
    assertThat(f.uri()).isEqualTo(GRETEL_URI);
    HubDataFile pr = HubDataFile.parse("hf://datasets/Samsung/samsum@refs%2Fpr%2F7/samsum/test.parquet");
    assertThat(pr).isEqualTo(new HubDataFile("Samsung/samsum", "refs/pr/7", "samsum/test.parquet"));
    assertThat(HubDataFile.parse(pr.uri())).isEqualTo(pr);
    assertThat(HubDataFile.isHub("hf://datasets/a/b/c.csv")).isTrue();
    assertThat(HubDataFile.isHub("data/samsum/test.json")).isFalse();
    String form = " Write hf://datasets/{org}/{name}[@{revision}]/{file}, e.g. hf://datasets/gretelai/"
        + "synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet, or give a local path.";
    assertThatThrownBy(() -> HubDataFile.parse("hf://models/Qwen/Qwen2.5-0.5B/config.json"))
        .hasMessage("Data source hf://models/Qwen/Qwen2.5-0.5B/config.json is not a Hub data set file." + form);
    assertThatThrownBy(() -> HubDataFile.parse("hf://datasets/gretelai/synthetic_text_to_sql"))
        .hasMessage("Data source hf://datasets/gretelai/synthetic_text_to_sql names no file inside a repository."
            + form);
    assertThatThrownBy(() -> HubDataFile.parse("hf://datasets/flaviagiammarino/path-vqa/data/test-*.parquet"))
        .hasMessageContaining("no wildcards: name one file");
  }

  @Test
  void aSamsumJsonlFileIsFetchedIntoTheDatasetCacheAndLoaded() throws Exception {
    Dataset d = Datasets.load("summarization", SAMSUM_URI, "", client().token("s3cret").build());
    assertThat(d.items()).hasSize(3);
    assertThat(d.items().get(0)).isEqualTo(new TaskItem.Dialogue("13818513",
        "Ann: Lunch at noon?\nBob: Yes, see you at the cafe.", "Ann and Bob will have lunch at noon at the cafe."));
    assertThat(d.name()).isEqualTo("test");
    Path repo = cache.resolve("datasets--cegi-test--samsum-mini");
    Path local = repo.resolve("snapshots").resolve(LocalHub.COMMIT).resolve("data/test.jsonl");
    assertThat(d.source()).isEqualTo(SAMSUM_URI + " (" + local + ")");
    assertThat(Files.readString(local)).isEqualTo(samsumJsonl());
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(LocalHub.COMMIT);
    assertThat(cache.resolve("models--cegi-test--samsum-mini")).doesNotExist();
    assertThat(hub.log).contains("GET /datasets/" + SAMSUM + "/resolve/main/data/test.jsonl Bearer s3cret");
    // offline, the cached copy is used without asking the hub
    hub.log.clear();
    Dataset again = Datasets.load("summarization", SAMSUM_URI, "", client().offline(true).build());
    assertThat(again.items()).isEqualTo(d.items());
    assertThat(hub.log).isEmpty();
    assertThat(Tasks.named("summarization").prompt(again.items().get(1)).userText()).contains("feed the fish");
  }

  @Test
  void aGretelParquetFileIsCheckedAgainstItsSha256AndAPartialDownloadResumes() throws Exception {
    byte[] full = Files.readAllBytes(tmp.resolve("served/gretel.parquet"));
    Path blobs = cache.resolve("datasets--cegi-test--gretel-mini/blobs");
    Files.createDirectories(blobs);
    Files.write(blobs.resolve(LocalHub.sha256(full) + ".incomplete"), java.util.Arrays.copyOf(full, 100));
    Dataset d = Datasets.load("text-to-sql", GRETEL_URI, "", client().build());
    assertThat(hub.log).contains("GET /datasets/" + GRETEL + "/resolve/main/synthetic_text_to_sql_test.snappy.parquet"
        + " bytes=100-");
    assertThat(blobs.resolve(LocalHub.sha256(full))).exists();
    assertThat(d.items()).extracting(TaskItem::id).containsExactly("5097", "5098");
    assertThat(((TaskItem.Sql) d.items().get(0)).context()).startsWith("CREATE TABLE trees");
  }

  @Test
  void offlineWithoutACopySaysWhichFileAndHowToProvideItLocally() {
    assertThatThrownBy(() -> Datasets.load("summarization", SAMSUM_URI, "", client().offline(true).build()))
        .hasMessage("Cannot get data set file " + SAMSUM + "/data/test.jsonl: offline mode (HF_HUB_OFFLINE=1) and"
            + " it is not in the hub cache " + cache + ". Provide it locally: download it elsewhere"
            + " (huggingface-cli download --repo-type dataset " + SAMSUM + " data/test.jsonl) and give its local"
            + " path as the task's source: in the plan (or Datasets.load(task, path, split)), or copy it to "
            + cache.resolve("datasets--cegi-test--samsum-mini/snapshots/main/data/test.jsonl") + ".");
    hub.close();
    assertThatThrownBy(() -> Datasets.load("summarization", SAMSUM_URI, "", client().build()))
        .hasMessageStartingWith("Cannot get data set file " + SAMSUM + "/data/test.jsonl: the hub at "
            + hub.endpoint() + " cannot be reached")
        .hasMessageContaining("give its local path as the task's source: in the plan");
  }

  @Test
  void aMissingFileOrRefusedTokenIsExplained() {
    assertThatThrownBy(() -> Datasets.load("summarization", "hf://datasets/" + SAMSUM + "/data/train.jsonl", "",
        client().build()))
        .hasMessage("The hub has no data set " + SAMSUM + "/data/train.jsonl (revision main) (HTTP 404): check the"
            + " repository id and file name (the data set's Files tab lists them, e.g."
            + " data/test-00000-of-00001.parquet; or download the file and give its local path).");
    hub.requiredToken = "s3cret";
    assertThatThrownBy(() -> Datasets.load("summarization", SAMSUM_URI, "", client().build()))
        .hasMessageContaining("HTTP 401").hasMessageContaining("set HF_TOKEN");
    assertThat(Datasets.load("summarization", SAMSUM_URI, "", client().token("s3cret").build()).size())
        .isEqualTo(3);
  }

  @Test
  void localPathsAndTheBundledSampleStillWork() throws Exception {
    Path local = tmp.resolve("served/test.jsonl");
    HubClient offline = client().offline(true).build();
    assertThat(Datasets.load("summarization", local.toString(), "", offline).size()).isEqualTo(3);
    assertThat(Datasets.load("vqa", "bundled", "", offline).name()).isEqualTo("bundled/vqa");
  }

  @Test
  void thePapersDataSetsNameTheirRepositoriesAndSayWhatIsUnverified() {
    assertThat(HubDatasets.paper()).extracting(HubDatasets.Entry::repo).containsExactly(
        "alfredplpl/artbench-pd-256x256", "flaviagiammarino/path-vqa", "Samsung/samsum",
        "gretelai/synthetic_text_to_sql");
    assertThat(HubDatasets.paper()).extracting(HubDatasets.Entry::task).containsExactlyElementsOf(
        List.of("captioning", "vqa", "summarization", "text-to-sql"));
    assertThat(HubDatasets.forTask("text-to-sql").file("test").uri()).isEqualTo(
        "hf://datasets/gretelai/synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet");
    assertThat(HubDatasets.forTask("captioning").file("train").file()).startsWith("data/train-00000-of-00003-");
    assertThatThrownBy(() -> HubDatasets.forTask("summarization").file("test"))
        .hasMessageStartingWith("No known Hub file for split test of Samsung/samsum (none established).")
        .hasMessageContaining("corpus.7z");
    assertThatThrownBy(() -> HubDatasets.forTask("vqa").file("test")).hasMessageContaining("Files tab");
  }
}
