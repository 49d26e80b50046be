package org.cegi.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cegi.tasks.data.Datasets;
import org.junit.jupiter.api.Test;

class TasksTest {
  private static final TaskImage PNG = new TaskImage("test.png",
      org.cegi.tasks.samples.SampleGenerator.drawForTest());

  @Test
  void namesAndUnknownTask() {
    assertThat(Tasks.names()).containsExactly("captioning", "vqa", "summarization", "text-to-sql");
    assertThat(Tasks.named("Text_To_SQL").name()).isEqualTo("text-to-sql");
    assertThatThrownBy(() -> Tasks.named("translation"))
        .hasMessage("Unknown task \"translation\": use one of [captioning, vqa, summarization, text-to-sql].");
  }

  @Test
  void gainMetricsAndMetricLists() {
    assertThat(Tasks.named("captioning").metrics()).containsExactly("cider_d", "bleu4", "rouge_l");
    assertThat(Tasks.named("captioning").gainMetric()).isEqualTo("cider_d");
    assertThat(Tasks.named("vqa").metrics()).containsExactly("exact_match", "vqa_accuracy");
    assertThat(Tasks.named("summarization").metrics()).containsExactly("rouge1", "rouge2", "rougeL", "rougeLsum");
    assertThat(Tasks.named("summarization").gainMetric()).isEqualTo("rougeL");
    assertThat(Tasks.named("text-to-sql").metrics()).containsExactly("execution_accuracy", "ves");
    assertThat(Tasks.named("text-to-sql").gainMetric()).isEqualTo("execution_accuracy");
  }

  @Test
  void captioningPromptCarriesTheImageAndExtractsTheFirstLine() {
    Task t = Tasks.named("captioning");
    TaskItem.Caption c = new TaskItem.Caption("c1", PNG, List.of("A red circle on a white background."));
    Prompt p = t.prompt(c);
    assertThat(p.messages()).hasSize(2);
    assertThat(p.messages().get(0).role()).isEqualTo("system");
    assertThat(p.messages().get(0).content()).contains("captioning");
    assertThat(p.userText()).isEqualTo("Write a one-sentence caption for this image.");
    assertThat(p.image()).contains(PNG);
    assertThat(t.needsImage()).isTrue();
    assertThat(t.extract("\n  Caption: \"A red circle.\"\nMore text")).isEqualTo("A red circle.");
    assertThat(t.extract("")).isEmpty();
    ItemScore s = t.score(c, "A red circle on a white background.");
    assertThat(s.values()).containsOnlyKeys("bleu4", "rouge_l");
    assertThat(s.get("rouge_l")).isCloseTo(1.0, within(1e-9));
    assertThat(t.score(c, "green").get("rouge_l")).isZero();
  }

  @Test
  void captioningCorpusScoresIncludeCiderD() {
    Task t = Tasks.named("captioning");
    var refs = List.of(List.of("a red circle"), List.of("a blue square"), List.of("a green triangle"));
    var good = t.corpusScores(List.of("a red circle", "a blue square", "a green triangle"), refs, List.of());
    var bad = t.corpusScores(List.of("a blue square", "a green triangle", "a red circle"), refs, List.of());
    assertThat(good).containsKeys("cider_d", "bleu4", "rouge_l");
    assertThat(good.get("cider_d")).isGreaterThan(bad.get("cider_d"));
  }

  @Test
  void vqaPromptExtractionAndBothAccuracies() {
    Task t = Tasks.named("vqa");
    TaskItem.Vqa q = new TaskItem.Vqa("q1", PNG, "How many shapes are in the image?", "2",
        List.of("2", "2", "two", "2", "2", "two", "2", "2", "two", "2"));
    Prompt p = t.prompt(q);
    assertThat(p.userText()).isEqualTo("Question: How many shapes are in the image?\n"
        + "Answer with a single word or a short phrase.");
    assertThat(p.image()).contains(PNG);
    assertThat(t.extract("Answer: Two.")).isEqualTo("Two");
    assertThat(t.extract("Yes, there is a circle.")).isEqualTo("yes");
    assertThat(t.extract("no")).isEqualTo("no");
    assertThat(t.extract("Nothing to see")).isEqualTo("Nothing to see");
    ItemScore s = t.score(q, t.extract("Two."));
    assertThat(s.get("exact_match")).isEqualTo(1.0);
    assertThat(s.get("vqa_accuracy")).isEqualTo(1.0);
    assertThat(t.score(q, "3").get("exact_match")).isZero();
    TaskItem.Vqa single = new TaskItem.Vqa("q2", PNG, "Is there a square?", "yes", List.of());
    assertThat(t.score(single, "Yes").values()).containsOnlyKeys("exact_match");
    assertThat(t.score(single, "Yes").get("exact_match")).isEqualTo(1.0);
    assertThat(t.score(single, "").get("exact_match")).isZero();
  }

  @Test
  void setScoresAverageEachMetricOverTheItemsThatHaveIt() {
    Task t = Tasks.named("vqa");
    var s = t.corpusScores(List.of("a", "b", "c"), List.of(List.of("a"), List.of("x"), List.of("c")), List.of(
        ItemScore.of(java.util.Map.of("exact_match", 1.0, "vqa_accuracy", 0.6)),
        ItemScore.of(java.util.Map.of("exact_match", 0.0)),
        ItemScore.of(java.util.Map.of("exact_match", 1.0))));
    assertThat(s.get("exact_match")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.get("vqa_accuracy")).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void summarizationPromptAndRouge() {
    Task t = Tasks.named("summarization");
    TaskItem.Dialogue d = new TaskItem.Dialogue("d1", "Ann: Lunch at noon?\nBo: Yes!", "Ann and Bo will have lunch"
        + " at noon.");
    Prompt p = t.prompt(d);
    assertThat(p.image()).isEmpty();
    assertThat(p.userText()).isEqualTo("Summarize the following dialogue in one or two sentences.\n\n"
        + "Ann: Lunch at noon?\nBo: Yes!");
    assertThat(t.extract("Summary: Ann and Bo meet.\n")).isEqualTo("Ann and Bo meet.");
    ItemScore s = t.score(d, "Ann and Bo will have lunch at noon.");
    assertThat(s.values()).containsOnlyKeys("rouge1", "rouge2", "rougeL", "rougeLsum");
    assertThat(s.get("rougeL")).isCloseTo(1.0, within(1e-9));
    assertThat(t.score(d, "xyz").get("rouge1")).isZero();
  }

  @Test
  void textToSqlPromptHasSchemaAndQuestionAndExtractsTheFence() {
    Task t = Tasks.named("text-to-sql");
    TaskItem.Sql q = new TaskItem.Sql("7", "shop", "basic SQL", "How many items?",
        "CREATE TABLE items (id INT, name TEXT); INSERT INTO items VALUES (1, 'a'), (2, 'b');",
        "SELECT COUNT(*) FROM items;");
    Prompt p = t.prompt(q);
    assertThat(p.messages().get(0).content()).contains("```sql");
    assertThat(p.userText()).isEqualTo("Database schema:\nCREATE TABLE items (id INT, name TEXT); INSERT INTO items"
        + " VALUES (1, 'a'), (2, 'b');\n\nQuestion: How many items?");
    String out = "Sure:\n```sql\nSELECT count(id) FROM items;\n```\nThis counts rows.";
    assertThat(t.extract(out)).isEqualTo("SELECT count(id) FROM items");
    ItemScore good = t.score(q, t.extract(out));
    assertThat(good.get("execution_accuracy")).isEqualTo(1.0);
    assertThat(good.get("ves")).isPositive();
    ItemScore wrong = t.score(q, "SELECT name FROM items");
    assertThat(wrong.get("execution_accuracy")).isZero();
    assertThat(wrong.get("ves")).isZero();
    ItemScore broken = t.score(q, "SELEC nonsense");
    assertThat(broken.get("execution_accuracy")).isZero();
    assertThat(broken.note()).startsWith("prediction failed: ");
    assertThat(t.score(q, "").note()).isEqualTo("no SQL found in the output");
  }

  @Test
  void aSqlContextThatDoesNotExecuteNamesTheItem() {
    TaskItem.Sql q = new TaskItem.Sql("bad-1", "", "", "How many?", "CREATE TABLE oops (", "SELECT 1");
    assertThatThrownBy(() -> Tasks.named("text-to-sql").score(q, "SELECT 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The sql_context of item bad-1 does not execute on SQLite (")
        .hasMessageEndingWith("): fix or drop the item.");
  }

  @Test
  void anItemOfAnotherTaskIsRefused() {
    TaskItem.Dialogue d = new TaskItem.Dialogue("d1", "A: hi", "hi");
    assertThatThrownBy(() -> Tasks.named("text-to-sql").prompt(d))
        .hasMessage("Task text-to-sql takes Sql items, got Dialogue (d1): load the data set for this task.");
  }

  @Test
  void anImageThatDoesNotDecodeSaysWhich() {
    TaskImage broken = new TaskImage("x.png", new byte[] {1, 2, 3});
    assertThatThrownBy(broken::decode).hasMessage("Image x.png does not decode (3 bytes, not PNG/JPEG/GIF/BMP):"
        + " replace the file or drop the item from the data set.");
    assertThat(PNG.decode().getWidth()).isEqualTo(96);
  }

  @Test
  void goldAnswersOfTheBundledSamplesScoreFull() {
    for (String task : Tasks.names()) {
      Task t = Tasks.named(task);
      var d = Datasets.bundled(task).sample(5, 1);
      for (TaskItem item : d.items()) {
        String gold = t.references(item).get(0);
        ItemScore s = t.score(item, t.extract(gold));
        String metric = task.equals("captioning") ? "rouge_l" : t.gainMetric();
        assertThat(s.get(metric)).as(task + " " + item.id()).isCloseTo(1.0, within(1e-9));
      }
    }
  }
}
