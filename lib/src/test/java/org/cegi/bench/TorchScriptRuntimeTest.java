package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runtime: torchscript} in a run plan: the same fixture weights give the ONNX variant's outputs. */
class TorchScriptRuntimeTest {
  @TempDir Path dir;

  @Test
  void aTorchScriptVariantRunsBesideItsOnnxTwinWithTheSameOutputs() {
    RunPlan plan = RunPlan.parse("name: ts\nseed: 5\nbatch_size: 2\nwarmup_requests: 0\nidle_baseline_s: 0\n"
        + "output: " + dir.resolve("out") + "\ngeneration: {max_new_tokens: 6}\nvariants:\n"
        + "  - {name: onnx, fixture: tiny-qwen2, threads: 1, tasks: [summarization]}\n"
        + "  - {name: ts, fixture: tiny-qwen2, runtime: torchscript, threads: 1, tasks: [summarization]}\n"
        + "tasks:\n  - {task: summarization, samples: 3}\n", "ts.yaml");
    RunResult r = Run.builder(plan).runtime(OnnxRuntimes.of(dir.resolve("fixtures")))
        .log(new PrintStream(OutputStream.nullOutputStream()), false).build().execute();
    List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
    assertThat(rows).hasSize(6);
    for (Map<String, String> x : rows) {
      assertThat(x.get("error")).as(x.get("variant") + " " + x.get("item_id")).isEmpty();
    }
    List<Map<String, String>> ts = rows.stream().filter(x -> x.get("variant").equals("ts")).toList();
    List<Map<String, String>> onnx = rows.stream().filter(x -> x.get("variant").equals("onnx")).toList();
    assertThat(ts).allSatisfy(x -> {
      assertThat(x.get("runtime")).isEqualTo("pytorch-torchscript");
      assertThat(x.get("libraries")).contains("pytorch=2.7.1");
    });
    for (int i = 0; i < ts.size(); i++) {
      assertThat(ts.get(i).get("output_text")).as(ts.get(i).get("item_id"))
          .isEqualTo(onnx.get(i).get("output_text"));
    }
  }

  @Test
  void catalogAndQ4VariantsAreRefusedUpFront() {
    TorchScriptTextRuntime rt = new TorchScriptTextRuntime(dir);
    RunPlan plan = RunPlan.parse("name: ts\noutput: " + dir.resolve("out") + "\nvariants:\n"
        + "  - {name: hub, catalog: qwen2.5-0.5b-instruct, runtime: torchscript, tasks: [summarization]}\n"
        + "  - {name: q4, fixture: tiny-qwen2, quantization: q4, runtime: torchscript, tasks: [summarization]}\n"
        + "tasks:\n  - {task: summarization, samples: 1}\n", "ts.yaml");
    assertThatThrownBy(() -> rt.check(plan.variants().get(0))).hasMessageContaining("no TorchScript exports");
    assertThatThrownBy(() -> rt.check(plan.variants().get(1))).hasMessageContaining("q4, which the TorchScript route");
  }
}
