package org.cegi.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.index.CegiStatus;
import org.cegi.measure.EnergyMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the reduced lab for real (DJL PyTorch, CPU) and asserts that fine-tuning beats the base clearly. */
class LabTrainingTest {
  @TempDir Path tmp;

  @Test
  void reducedLabFineTuningBeatsBaseOnHeldOutQuestions() {
    LabConfig config = LabConfig.reduced();
    Lab lab = Lab.open(tmp);
    LabReport r;
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      r = lab.train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"), false, System.out::println);
    }
    System.out.println(r.table());
    assertThat(r.fineTunedAccuracy()).isGreaterThanOrEqualTo(0.6);
    assertThat(r.baseAccuracy()).isLessThanOrEqualTo(0.1);
    assertThat(r.variant("lab-sql-lora-int8").orElseThrow().executionAccuracy()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.steps()).extracting(LabStep::name).containsExactly("lab/base-train", "lab/sql-lora", "lab/quantize");
    assertThat(r.steps()).allSatisfy(s -> assertThat(s.energyJ()).isPositive());
    assertThat(r.trainableParams()).isEqualTo(
        (long) config.spec().layers() * config.lora().rank() * (128 + 128 + 128 + 64 + 128 + 64 + 128 + 128
            + 128 + 256 + 128 + 256 + 256 + 128));
    assertThat(r.cegi().status()).isEqualTo(CegiStatus.OK);
    // reused, not retrained
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      LabReport again = lab.train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"), false, s -> { });
      assertThat(again.fineTunedAccuracy()).isEqualTo(r.fineTunedAccuracy());
      assertThat(monitor.measurements()).isEmpty();
    }
  }
}
