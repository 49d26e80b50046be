package org.cegi.lab;

import org.cegi.model.lab.LoraConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cegi.eval.sql.SqlExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDataTest {
  @TempDir Path tmp;

  @Test
  void heldOutQuestionsNeverOccurInTrainingAndEveryGoldQueryRuns() {
    SqlTaskData d = SqlTaskData.generate(42, 0.2);
    Set<String> train = d.train().stream().map(LabExample::prompt).collect(Collectors.toSet());
    assertThat(d.heldOut()).isNotEmpty().noneMatch(e -> train.contains(e.prompt()));
    assertThat(d.train().size() + d.heldOut().size()).isGreaterThan(350);
    assertThat(d.heldOut().size()).isEqualTo((int) Math.round((d.train().size() + d.heldOut().size()) * 0.2));
    Path db = d.writeDatabase(tmp.resolve("company.sqlite"));
    SqlExecution exec = SqlExecution.builder().build();
    for (LabExample e : d.heldOut()) {
      assertThat(exec.execute(db, e.answer()).failed()).as(e.answer()).isFalse();
      assertThat(exec.evaluate(List.of(db), e.answer(), e.answer()).accepted()).isTrue();
    }
  }

  @Test
  void sameSeedSameDataOtherSeedOtherSplit() {
    assertThat(SqlTaskData.generate(7, 0.2).heldOut()).isEqualTo(SqlTaskData.generate(7, 0.2).heldOut());
    assertThat(SqlTaskData.generate(8, 0.2).heldOut()).isNotEqualTo(SqlTaskData.generate(7, 0.2).heldOut());
    assertThat(SqlTaskData.generate(7, 0.2).script()).isEqualTo(SqlTaskData.generate(7, 0.2).script());
  }

  @Test
  void genericMixtureHasNoQuestionToSqlPairs() {
    List<LabExample> mix = GenericMixture.chat(1, 300);
    assertThat(mix).hasSize(300).noneMatch(e -> e.answer().startsWith("SELECT"));
    assertThat(mix).extracting(LabExample::task).contains("facts", "summarization");
  }

  @Test
  void badSettingsSayWhatToDo() {
    assertThatThrownBy(() -> SqlTaskData.generate(1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("held-out share must lie in (0, 1), got 1.0: pass for example 0.2");
    assertThatThrownBy(() -> new LoraConfig(8, 16, Set.of("qkv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LoRA target qkv is not a projection of the decoder: use [q_proj");
    assertThatThrownBy(() -> new LoraConfig(8, 16, Set.of()))
        .hasMessageContaining("LoRA targets must name at least one of");
  }

  @Test
  void configHashChangesWithTheConfigOnly() {
    assertThat(LabConfig.defaults().hash()).isEqualTo(LabConfig.defaults().hash()).hasSize(12);
    assertThat(LabConfig.defaults().withSteps(1, 1).hash()).isNotEqualTo(LabConfig.defaults().hash());
    assertThat(LabConfig.defaults().withLora(LoraConfig.allLinear(4)).hash()).isNotEqualTo(LabConfig.defaults().hash());
  }

  @Test
  void heldOutDialoguesNeverOccurInTrainingAndDifferFromTheBaseMixture() {
    SummTaskData d = SummTaskData.generate(45, 400, 0.2);
    Set<String> train = d.train().stream().map(LabExample::prompt).collect(Collectors.toSet());
    assertThat(d.train().size() + d.heldOut().size()).isEqualTo(400);
    assertThat(d.heldOut()).hasSize(80).noneMatch(e -> train.contains(e.prompt()));
    assertThat(SummTaskData.generate(45, 400, 0.2).heldOut()).isEqualTo(d.heldOut());
    Set<String> generic = GenericMixture.chat(1, 1500).stream().map(LabExample::answer).collect(Collectors.toSet());
    assertThat(d.heldOut()).noneMatch(e -> generic.contains(e.answer()))
        .allMatch(e -> e.prompt().lines().count() >= 3);
  }

  @Test
  void heldOutFilesReadBackThroughTheTaskLoadersWithTheDatabase() {
    LabConfig config = LabConfig.reduced();
    LabData d = LabData.write(config, tmp.resolve("data"));
    List<org.cegi.tasks.TaskItem> sql = org.cegi.tasks.data.Datasets
        .load("text-to-sql", d.heldOutFile(LabTask.SQL), "").items();
    assertThat(sql).isEqualTo(d.heldOut(LabTask.SQL)).hasSize(94);
    org.cegi.tasks.TaskItem.Sql first = (org.cegi.tasks.TaskItem.Sql) sql.get(0);
    assertThat(Path.of(first.database())).isEqualTo(tmp.resolve("data").resolve("company.sqlite").toAbsolutePath());
    assertThat(first.context()).startsWith("CREATE TABLE employees").doesNotContain("INSERT");
    org.cegi.tasks.Task task = LabTask.SQL.task();
    assertThat(task.score(first, first.sql()).values().get("execution_accuracy")).isEqualTo(1.0);
    assertThat(task.extract(LabTask.SQL.reply(first))).isEqualTo(first.sql().replaceAll(";$", ""));
    assertThat(org.cegi.tasks.data.Datasets.load("summarization", d.heldOutFile(LabTask.SUMM), "").items())
        .isEqualTo(d.heldOut(LabTask.SUMM)).hasSize(80);
  }
}
