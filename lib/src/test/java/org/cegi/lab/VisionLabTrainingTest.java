package org.cegi.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cegi.bench.OnnxRuntimes;
import org.cegi.bench.ResultsFile;
import org.cegi.bench.Run;
import org.cegi.bench.RunPlan;
import org.cegi.bench.RunResult;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.index.CegiStatus;
import org.cegi.measure.EnergyMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the reduced vision lab for real (DJL PyTorch, CPU), asserts that each task's fine-tuning beats the base
 * clearly on held-out scenes, that a finished run is reused, and that its run plan runs through the run engine.
 */
class VisionLabTrainingTest {
  @TempDir Path tmp;

  @Test
  void reducedVisionLabFineTuningBeatsBaseOnHeldOutScenes() {
    VisionLabConfig config = VisionLabConfig.reduced();
    VisionLab lab = VisionLab.open(tmp);
    CarbonIntensity intensity = CarbonIntensity.of(436.529, "world", "eco2ai");
    VisionLabReport r;
    long t0 = System.nanoTime();
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      r = lab.train(config, monitor, intensity, false, System.out::println);
    }
    System.out.printf("reduced vision lab: %.1f s%n%s", (System.nanoTime() - t0) / 1e9, r.table());
    assertThat(r.dir().getFileName().toString()).isEqualTo("vision-" + config.hash());
    assertThat(r.dir().resolve(VisionLab.REPORT)).isRegularFile();
    assertThat(r.dir().resolve("lab.json")).doesNotExist();
    assertThat(r.steps()).extracting(LabStep::name).containsExactly("lab/vision-base-train", "lab/caption-lora",
        "lab/vqa-lora", "lab/vision-quantize");
    assertThat(r.steps()).allSatisfy(s -> assertThat(s.energyJ()).isPositive());
    // captioning: CIDEr-D of the merged fine-tuned model far above the base's
    assertThat(r.fineTunedScore("captioning")).isGreaterThan(r.baseScore("captioning") + 0.5);
    // VQA: exact match
    assertThat(r.fineTunedScore("vqa")).isGreaterThan(r.baseScore("vqa") + 0.2);
    assertThat(r.variant("vlab-vqa-lora-int8", "vqa").orElseThrow().score("exact_match"))
        .isGreaterThan(r.baseScore("vqa") + 0.15);
    assertThat(r.variant("vlab-vqa-lora-q4", "vqa").orElseThrow().score("vqa_accuracy")).isPositive();
    assertThat(r.variants()).hasSize(16);
    int h = config.spec().hiddenSize();
    int kv = config.spec().kvHeads() * config.spec().headDim();
    int m = config.spec().intermediateSize();
    assertThat(r.trainableParams()).isEqualTo((long) config.spec().layers() * config.lora().rank()
        * ((h + h) + (h + kv) + (h + kv) + (h + h) + (h + m) + (h + m) + (m + h)));
    assertThat(r.cegi("captioning").status()).isEqualTo(CegiStatus.OK);
    assertThat(r.cegi("vqa").status()).isEqualTo(CegiStatus.OK);
    assertThat(r.cegi("vqa").gainPercent().orElseThrow()).isGreaterThan(20);

    // reused, not retrained
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      VisionLabReport again = lab.train(config, monitor, intensity, false, s -> { });
      assertThat(again.fineTunedScore("vqa")).isEqualTo(r.fineTunedScore("vqa"));
      assertThat(monitor.measurements()).isEmpty();
    }
    assertThat(lab.runs()).hasSize(1);
    assertThat(Lab.open(tmp).runs()).as("the text lab does not list vision runs").isEmpty();

    // the run plan scores the variants through the run engine (3 items per task to keep the test short)
    String yaml = readPlan(r.planFile()).replaceAll("samples: \\d+", "samples: 3");
    RunPlan plan = RunPlan.parse(yaml, r.planFile().toString());
    assertThat(plan.variants()).hasSize(12);
    assertThat(plan.variants()).allSatisfy(v -> assertThat(v.runtime()).isEqualTo("onnx-vl"));
    RunResult run = Run.builder(plan).runtime(OnnxRuntimes.of(tmp.resolve("fixtures")))
        .output(tmp.resolve("runs")).log(new PrintStream(OutputStream.nullOutputStream()), false).build().execute();
    List<Map<String, String>> rows = ResultsFile.read(run.resultsFile());
    // base: 2 tasks, each LoRA model: its task; 4 quantizations; 3 items each
    assertThat(rows).hasSize(4 * (2 + 1 + 1) * 3);
    assertThat(rows).allSatisfy(x -> assertThat(x.get("error")).as(x.get("variant")).isEmpty());
  }

  private static String readPlan(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
