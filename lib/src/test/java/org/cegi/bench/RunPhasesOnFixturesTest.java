package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefill/decode split on the real runtimes: tiny ONNX fixtures (a text decoder and a vision-language model)
 * measured by this process's own probes (CPU estimate or RAPL, RAM estimate).
 */
class RunPhasesOnFixturesTest {
  @TempDir Path dir;

  @Test
  void textAndVisionFixturesSplitEveryBatchIntoPrefillAndDecode() {
    RunPlan plan = RunPlan.parse("name: phases\nseed: 5\nbatch_size: 2\nwarmup_requests: 1\nidle_baseline_s: 0\n"
        + "output: " + dir.resolve("out") + "\ngeneration: {max_new_tokens: 6}\nvariants:\n"
        + "  - {name: text, fixture: tiny-qwen2, threads: 1, tasks: [summarization]}\n"
        + "  - {name: vl, fixture: tiny-qwen2-vl, runtime: onnx-vl, threads: 1, tasks: [vqa]}\n"
        + "tasks:\n  - {task: summarization, samples: 3}\n  - {task: vqa, samples: 3}\n", "phases.yaml");
    RunResult r = Run.builder(plan).runtime(OnnxRuntimes.of(dir.resolve("fixtures")))
        .log(new PrintStream(OutputStream.nullOutputStream()), false).build().execute();
    List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
    List<Map<String, String>> phases = ResultsFile.read(r.phasesFile());
    assertThat(rows).hasSize(6);
    for (Map<String, String> x : rows) {
      assertThat(x.get("error")).as(x.get("item_id")).isEmpty();
      double batch = RunTest.d(x, "duration_s");
      double prefill = RunTest.d(x, "prefill_s");
      double decode = RunTest.d(x, "decode_s");
      assertThat(prefill).isPositive();
      assertThat(decode).isPositive();
      // the two windows cover the batch's window but for the probe reads between them
      // the prefill window opens before the request and closes after its first token; the two windows lie inside
      // the batch's window, which also holds the probe reads between them (tenths of a millisecond each on an idle
      // core, tens of milliseconds on a loaded one: the bound is loose on purpose; RunTest checks the sums exactly)
      assertThat(prefill).isGreaterThanOrEqualTo(RunTest.d(x, "ttft_s")).isLessThan(RunTest.d(x, "ttft_s") + 0.25);
      assertThat(prefill + decode).isLessThanOrEqualTo(batch).isGreaterThan(batch - 0.25);
      assertThat(RunTest.d(x, "energy_prefill_j")).isPositive();
      assertThat(RunTest.d(x, "energy_decode_j")).isPositive();
      assertThat(RunTest.d(x, "energy_prefill_j") + RunTest.d(x, "energy_decode_j"))
          .isLessThanOrEqualTo(RunTest.d(x, "energy_j") * 1.000001);
      assertThat(x.get("method_cpu")).isIn("estimated", "rapl");
      assertThat(x.get("warnings")).doesNotContain("did not report its first token");
      long windows = phases.stream().filter(p -> p.get("variant").equals(x.get("variant"))
          && p.get("task").equals(x.get("task")) && p.get("batch").equals(x.get("batch"))
          && (p.get("phase").equals("prefill") || p.get("phase").equals("decode"))).count();
      assertThat(windows).isEqualTo(2);
    }
    assertThat(phases).filteredOn(p -> p.get("phase").equals("prefill") || p.get("phase").equals("decode"))
        .hasSize(8).allSatisfy(p -> {
          assertThat(RunTest.d(p, "energy_j")).isNotNegative();
          assertThat(p.get("method_cpu")).isIn("estimated", "rapl");
          assertThat(p.get("method_ram")).isEqualTo("estimated");
        });
  }
}
