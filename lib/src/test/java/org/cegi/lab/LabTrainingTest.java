package org.cegi.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.cegi.bench.Aggregates;
import org.cegi.bench.OnnxRuntimes;
import org.cegi.bench.OnnxTextRuntime;
import org.cegi.bench.Run;
import org.cegi.bench.RunPlan;
import org.cegi.bench.RunResult;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.index.CegiStatus;
import org.cegi.measure.EnergyMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the reduced lab for real (DJL PyTorch, CPU), asserts that each task's fine-tune beats the base clearly on
 * its held-out items, and that the run plan the lab writes gives the same scores through the run engine. With
 * {@code -Dcegi.lab.test.dir=DIR} the lab lives in DIR instead of a fresh temporary folder, so a finished reduced run
 * there (for example from {@code cegi lab train --reduced --dir DIR}) is checked without training again.
 */
class LabTrainingTest {
  @TempDir Path tmp;

  @Test
  void reducedLabFineTuningBeatsBaseOnHeldOutItemsAndItsPlanScoresTheSameThroughTheRunEngine() {
    LabConfig config = LabConfig.reduced();
    String given = System.getProperty("cegi.lab.test.dir", "");
    Lab lab = Lab.open(given.isBlank() ? tmp : Path.of(given));
    LabReport r;
    long t0 = System.nanoTime();
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      r = lab.train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"), false, System.out::println);
    }
    System.out.printf("reduced lab trained and scored in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    System.out.println(r.table());
    // The reduced text-to-SQL fine-tune gave 0.628, 0.638 and 0.670 in three processes (README, lab: not bit-identical
    // across processes); the defaults give 0.840. The bound leaves room for that spread.
    assertThat(r.fineTunedScore("text-to-sql")).isGreaterThanOrEqualTo(0.55);
    assertThat(r.baseScore("text-to-sql")).isLessThanOrEqualTo(0.1);
    assertThat(r.variant("lab-sql-lora-int8").orElseThrow().executionAccuracy()).isGreaterThanOrEqualTo(0.45);
    assertThat(r.fineTunedScore("summarization")).isGreaterThanOrEqualTo(0.7)
        .isGreaterThanOrEqualTo(r.baseScore("summarization") + 0.3);
    assertThat(r.variant("lab-summ-lora-int8").orElseThrow().score("summarization")).isGreaterThanOrEqualTo(0.6);
    assertThat(r.steps()).extracting(LabStep::name)
        .containsExactly("lab/base-train", "lab/sql-lora", "lab/summ-lora", "lab/quantize");
    assertThat(r.steps()).allSatisfy(s -> assertThat(s.energyJ()).isPositive());
    assertThat(r.trainableParams()).isEqualTo(
        (long) config.spec().layers() * config.lora().rank() * (128 + 128 + 128 + 64 + 128 + 64 + 128 + 128
            + 128 + 256 + 128 + 256 + 256 + 128));
    assertThat(r.cegis()).hasSize(2).allSatisfy(c -> assertThat(c.status()).isEqualTo(CegiStatus.OK));

    // The plan runs the fp32 variants through the run engine with the same per-variant scores.
    RunPlan plan = RunPlan.load(r.planFile());
    assertThat(plan.variants()).hasSize(12);
    assertThat(plan.variants().stream().filter(v -> v.name().equals("lab-base-fp32")).findFirst().orElseThrow()
        .tasks()).containsExactly("text-to-sql", "summarization");
    List<RunPlan.VariantSpec> fp32 = plan.variants().stream().filter(v -> v.quantization().equals("fp32")).toList();
    RunPlan small = new RunPlan(plan.name(), fp32, plan.tasks(), plan.batchSize(), plan.generation(), 0,
        plan.repeats(), 0, plan.seed(), false, plan.region(), plan.intensityGPerKwh(), plan.pue(), false,
        tmp.resolve("run"));
    RunResult result = Run.builder(small).runtime(OnnxRuntimes.of(OnnxTextRuntime.defaultFixturesDir()))
        .log(System.out, false).build().execute();
    assertThat(result.errors()).isZero();
    // Same prompts, template, greedy decoding, extraction and metric on the same items; only the batches differ (the
    // engine draws the items in a seeded order), which can move the last bits of a padded batch's sums and flip a
    // rare near-tie of the greedy choice: allow one item in fifty.
    for (Aggregates.Row row : result.summary()) {
      double labScore = r.variant(row.variant()).orElseThrow().score(row.task());
      System.out.printf("%s on %s: run engine %.4f, lab %.4f (%d requests)%n", row.variant(), row.task(),
          row.quality().value(), labScore, row.requests());
      assertThat(row.requests()).isEqualTo(r.task(row.task()).heldOutItems());
      assertThat(row.quality().value()).as(row.variant() + " on " + row.task()).isCloseTo(labScore, within(0.02));
    }
    assertThat(result.summary()).hasSize(4);

    // reused, not retrained
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      LabReport again = lab.train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"), false, s -> { });
      assertThat(again.fineTunedScore("summarization")).isEqualTo(r.fineTunedScore("summarization"));
      assertThat(again.planFile()).exists();
      assertThat(monitor.measurements()).isEmpty();
    }
  }
}
