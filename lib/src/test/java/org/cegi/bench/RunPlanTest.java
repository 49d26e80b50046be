package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.cegi.internal.DataFiles;
import org.junit.jupiter.api.Test;

class RunPlanTest {
  @Test
  void theSmokePlanParses() {
    RunPlan p = RunPlan.load(DataFiles.dataDir().orElseThrow().resolve("plans/smoke.yaml"));
    assertThat(p.name()).isEqualTo("smoke");
    assertThat(p.variants()).extracting(RunPlan.VariantSpec::name)
        .containsExactly("tiny-qwen2", "tiny-llama", "tiny-qwen2-vl");
    assertThat(p.variants()).extracting(RunPlan.VariantSpec::runtime).containsExactly("onnx", "onnx", "onnx-vl");
    assertThat(p.tasks()).extracting(RunPlan.TaskSpec::task)
        .containsExactly("captioning", "vqa", "summarization", "text-to-sql");
    assertThat(p.tasks()).extracting(RunPlan.TaskSpec::gainMetric)
        .containsExactly("cider_d", "exact_match", "rougeL", "execution_accuracy");
    RunPlan.VariantSpec text = p.variants().get(0);
    assertThat(text.tasks()).containsExactly("summarization", "text-to-sql");
    assertThat(text.runs("vqa")).isFalse();
    assertThat(text.runs("summarization")).isTrue();
    assertThat(p.variants().get(2).tasks()).isEmpty();
    assertThat(p.variants().get(2).runs("vqa")).isTrue();
    assertThat(p.batchSize()).isEqualTo(2);
    assertThat(p.generation().maxNewTokens()).isEqualTo(16);
    assertThat(p.seed()).isEqualTo(42);
    assertThat(p.region()).isEqualTo("FR");
    assertThat(p.output()).isEqualTo(Path.of("build/runs/smoke"));
    assertThat(p.runId()).startsWith("smoke-").isEqualTo(p.withOutput(Path.of("elsewhere")).runId());
  }

  @Test
  void aVariantsTaskListIsCheckedAndMustBeAList() {
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants:\n  - {fixture: tiny-qwen2, tasks: [poetry]}\n"
        + "tasks: [summarization]\n", "p.yaml"))
        .hasMessageContaining("poetry");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants:\n  - {fixture: tiny-qwen2, tasks: vqa}\n"
        + "tasks: [vqa]\n", "p.yaml"))
        .hasMessage("Run plan p.yaml: variant tiny-qwen2 has tasks: vqa; give a list, e.g. tasks: [captioning, vqa]");
  }

  @Test
  void thePaperTemplateParses() {
    RunPlan p = RunPlan.load(DataFiles.dataDir().orElseThrow().resolve("plans/paper-text.yaml"));
    assertThat(p.variants()).extracting(RunPlan.VariantSpec::catalog).contains("qwen2.5-0.5b-instruct");
    assertThat(p.idleBaselineS()).isEqualTo(10);
  }

  @Test
  void defaultsAndShortForms() {
    RunPlan p = RunPlan.parse("name: x\nvariants: [tiny-qwen2]\ntasks: [summarization]\n", "x.yaml");
    assertThat(p.variants().get(0).fixture()).isEqualTo("tiny-qwen2");
    assertThat(p.tasks().get(0).samples()).isEqualTo(10);
    assertThat(p.tasks().get(0).source()).isEqualTo("bundled");
    assertThat(p.repeats()).isEqualTo(1);
    assertThat(p.pue()).isEqualTo(1.0);
    assertThat(p.shuffleVariants()).isTrue();
    assertThat(p.output()).isEqualTo(Path.of("build/runs/x"));
  }

  @Test
  void mistakesAreNamed() {
    String ok = "variants: [tiny-qwen2]\ntasks: [summarization]\n";
    assertThatThrownBy(() -> RunPlan.parse("name: x\nbatchsize: 2\n" + ok, "p.yaml"))
        .hasMessageStartingWith("Run plan p.yaml: unknown key \"batchsize\"; known keys: [batch_size,");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants: [tiny-qwen2]\ntasks: [translation]\n", "p.yaml"))
        .hasMessage("Run plan p.yaml: Unknown task \"translation\": use one of [captioning, vqa, summarization,"
            + " text-to-sql].");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants: [tiny-qwen2]\ntasks:\n  - {task: vqa, gain_metric:"
        + " bleu}\n", "p.yaml")).hasMessage("Run plan p.yaml: gain_metric bleu is not a metric of task vqa: use one"
            + " of [exact_match, vqa_accuracy].");
    assertThatThrownBy(() -> RunPlan.parse("name: x\npue: 0.9\n" + ok, "p.yaml"))
        .hasMessage("Run plan p.yaml: pue must be >= 1, got 0.9: use 1.0 for no facility overhead.");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nbatch_size: two\n" + ok, "p.yaml"))
        .hasMessage("Run plan p.yaml: batch_size must be a number, got \"two\"");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants:\n  - {name: a, fixture: tiny-qwen2, path: m}\n"
        + "tasks: [vqa]\n", "p.yaml")).hasMessage("Run plan p.yaml: Variant a must name exactly one of fixture,"
            + " path or catalog, got 2.");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nvariants: [tiny-qwen2, tiny-qwen2]\ntasks: [vqa]\n", "p.yaml"))
        .hasMessage("Run plan p.yaml: Variant name tiny-qwen2 appears twice: give each variant its own name.");
    assertThatThrownBy(() -> RunPlan.parse("name: x\ntasks: [vqa]\n", "p.yaml"))
        .hasMessage("Run plan p.yaml needs a non-empty list variants:");
    assertThatThrownBy(() -> RunPlan.parse("name: x\nseed: 1\nseed: 2\n" + ok, "p.yaml"))
        .hasMessageStartingWith("Run plan p.yaml is not valid YAML: ").hasMessageContaining("duplicate key seed");
    assertThatThrownBy(() -> RunPlan.parse("- a\n- b\n", "p.yaml"))
        .hasMessage("Run plan p.yaml must be a YAML mapping (name:, variants:, tasks: …), got ArrayList");
    assertThatThrownBy(() -> RunPlan.load(Path.of("no/such/plan.yaml")))
        .hasMessageStartingWith("Run plan no/such/plan.yaml cannot be read: ");
  }

  @Test
  void withSamplesAndWithBatchSizeMakeNewPlansWithNewRunIds() {
    RunPlan p = RunPlan.parse("name: s\nbatch_size: 2\nvariants: [tiny-qwen2]\ntasks:\n  - {task: summarization, samples: 8}\n"
        + "  - {task: text-to-sql, samples: 1}\n", "test");
    RunPlan small = p.withSamples(2);
    org.assertj.core.api.Assertions.assertThat(small.tasks().stream().map(RunPlan.TaskSpec::samples).toList())
        .containsExactly(2, 1);
    org.assertj.core.api.Assertions.assertThat(small.runId()).isNotEqualTo(p.runId());
    org.assertj.core.api.Assertions.assertThat(p.withBatchSize(4).batchSize()).isEqualTo(4);
    org.assertj.core.api.Assertions.assertThat(p.tasks().get(0).samples()).isEqualTo(8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.withSamples(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples must be > 0, got 0");
  }
}
