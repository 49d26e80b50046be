package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cegi.bench.ResultsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cegi run} on a real tiny ONNX fixture (CPU), in two shards, then {@code cegi merge}. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void runsTwoShardsOnATinyFixtureAndMergesThem() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: cli\nseed: 1\nregion: DE\nbatch_size: 2\nwarmup_requests: 1\nidle_baseline_s: 0\n"
        + "generation: {max_new_tokens: 4}\nvariants:\n  - {name: q, fixture: tiny-qwen2, threads: 1}\n"
        + "tasks:\n  - {task: summarization, samples: 2}\n  - {task: text-to-sql, samples: 2}\n");
    Path out = dir.resolve("out");
    for (String shard : List.of("0/2", "1/2")) {
      CliRun r = CliRun.of("run", "--plan", plan.toString(), "--shard", shard, "--out", out.toString(),
          "--fixtures", dir.resolve("fixtures").toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("summary (").contains("J/request");
    }
    assertThat(out.resolve("results.shard-0-of-2.csv")).exists();
    assertThat(dir.resolve("fixtures/tiny-qwen2/onnx/model.onnx")).exists();
    CliRun m = CliRun.of("merge", "--out", dir.resolve("all").toString(), out.toString());
    assertThat(m.exitCode()).as(m.err()).isZero();
    assertThat(m.out()).startsWith("Merged 2 files: 4 rows, 0 duplicates dropped -> ");
    List<Map<String, String>> rows = ResultsFile.read(dir.resolve("all/results.csv"));
    assertThat(rows).hasSize(4).allSatisfy(x -> {
      assertThat(x.get("runtime")).isEqualTo("onnxruntime-text");
      assertThat(x.get("error")).isEmpty();
      assertThat(Integer.parseInt(x.get("tokens_in"))).isPositive();
      assertThat(Integer.parseInt(x.get("tokens_out"))).isBetween(1, 4);
      assertThat(x.get("method_cpu")).isIn("estimated", "rapl");
      assertThat(x.get("method_ram")).isEqualTo("estimated");
      assertThat(Double.parseDouble(x.get("energy_j"))).isPositive();
      assertThat(x.get("score")).isNotEmpty();
      assertThat(x.get("libraries")).startsWith("djl=");
    });
    List<Map<String, String>> summary = ResultsFile.read(dir.resolve("all/summary.csv"));
    assertThat(summary).extracting(x -> x.get("task")).containsExactlyInAnyOrder("summarization", "text-to-sql");
  }

  @Test
  void aVisionTaskOnTheTextRuntimeExitsWith2BeforeRunning() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: v\nvariants: [tiny-qwen2]\ntasks:\n  - {task: vqa, samples: 2}\n");
    CliRun r = CliRun.of("run", "--plan", plan.toString(), "--out", dir.resolve("o").toString(), "--fixtures",
        dir.resolve("f").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("cegi run: Run plan v cannot run (1 problem):\n  - task vqa needs a"
        + " vision-language runtime, but variant tiny-qwen2 runs on a text-only runtime (onnx): give the variant"
        + " tasks: without it, drop the task, or run a vision-language model (runtime: onnx-vl).\n");
    assertThat(dir.resolve("o")).doesNotExist();
    assertThat(dir.resolve("f")).doesNotExist();
  }

  @Test
  void cudaOnTheCpuBuildExitsWith2BeforeRunning() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.cegi.model.onnx.Device.CUDA.problem().isPresent(),
        "the GPU build of ONNX Runtime is on the class path");
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: g\nvariants:\n  - {name: t, fixture: tiny-qwen2}\n"
        + "  - {name: v, fixture: tiny-qwen2-vl, runtime: onnx-vl}\ntasks:\n  - {task: summarization, samples: 2}\n");
    CliRun r = CliRun.of("run", "--plan", plan.toString(), "--out", dir.resolve("o").toString(), "--fixtures",
        dir.resolve("f").toString(), "--device", "cuda");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("cegi run: Run plan g cannot run (2 problems):\n  - ")
        .contains("Variant t cannot run on cuda: ONNX Runtime")
        .contains("Variant v cannot run on cuda: ONNX Runtime")
        .contains("has no CUDA execution provider").contains("mvn -Pgpu");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void aVisionModelRunsTheVisionTasksAndATextModelOnlyItsOwn() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: mixed\nseed: 3\nbatch_size: 2\nwarmup_requests: 0\n"
        + "generation: {max_new_tokens: 3}\nvariants:\n"
        + "  - {name: text, fixture: tiny-qwen2, threads: 1, tasks: [summarization]}\n"
        + "  - {name: vl, fixture: tiny-qwen2-vl, runtime: onnx-vl, threads: 1}\n"
        + "tasks:\n  - {task: vqa, samples: 2}\n  - {task: captioning, samples: 2}\n  - {task: summarization, samples: 2}\n");
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("run", "--plan", plan.toString(), "--out", out.toString(), "--fixtures",
        dir.resolve("fixtures").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<Map<String, String>> rows = ResultsFile.read(out.resolve("results.csv"));
    assertThat(rows).extracting(x -> x.get("variant") + "/" + x.get("task") + "/" + x.get("runtime"))
        .containsExactlyInAnyOrder("text/summarization/onnxruntime-text", "text/summarization/onnxruntime-text",
            "vl/vqa/onnxruntime-vl", "vl/vqa/onnxruntime-vl", "vl/captioning/onnxruntime-vl",
            "vl/captioning/onnxruntime-vl", "vl/summarization/onnxruntime-vl", "vl/summarization/onnxruntime-vl");
    assertThat(rows).allSatisfy(x -> assertThat(x.get("error")).isEmpty());
    assertThat(rows).filteredOn(x -> x.get("task").equals("vqa"))
        .allSatisfy(x -> assertThat(Integer.parseInt(x.get("tokens_in"))).isGreaterThan(20));
    assertThat(dir.resolve("fixtures/tiny-qwen2-vl/onnx/vision_encoder.onnx")).exists();
  }

  @Test
  void aVariantListingATaskThePlanLacksIsRefused() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: v\nvariants:\n  - {fixture: tiny-qwen2, tasks: [text-to-sql]}\n"
        + "tasks: [summarization]\n");
    CliRun r = CliRun.of("run", "--plan", plan.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("variant tiny-qwen2 lists task text-to-sql, which the plan's tasks: do not have:"
        + " add it there or drop it from the variant");
  }

  @Test
  void anUnknownFixtureAndABadShardAreRefused() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "name: v\nvariants: [tiny-gpt]\ntasks: [summarization]\n");
    CliRun r = CliRun.of("run", "--plan", plan.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("cegi run: Run plan v cannot run (1 problem):\n  - variant tiny-gpt: ");
    CliRun s = CliRun.of("run", "--plan", plan.toString(), "--shard", "3/2");
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.err()).isEqualTo("cegi run: Shard 3/2 is invalid: use I/N with 0 <= I < N (0-based, as"
        + " SLURM_ARRAY_TASK_ID with --array=0-1).\n");
  }
}
