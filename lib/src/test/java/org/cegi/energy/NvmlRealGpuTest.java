package org.cegi.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real NVML; runs only with {@code -Dcegi.excludedGroups=} and skips where no NVIDIA driver is present. */
@Tag("gpu")
class NvmlRealGpuTest {
  private static Optional<NvmlProbe> open() {
    List<String> reasons = new ArrayList<>();
    Optional<NvmlProbe> p = EnergyProbes.gpu(reasons);
    assumeTrue(p.isPresent(), () -> "skipped: " + String.join("; ", reasons));
    return p;
  }

  @Test
  void realGpuReportsNamesPowerAndAGrowingEnergy() throws Exception {
    try (NvmlProbe p = open().orElseThrow()) {
      assumeTrue(!p.gpus().isEmpty(), "skipped: no GPU visible (CUDA_VISIBLE_DEVICES)");
      assertThat(p.devices()).allMatch(d -> !d.isBlank());
      assertThat(p.gpus()).allMatch(g -> g.uuid().startsWith("GPU-"));
      ProbeReading a = p.read();
      Thread.sleep(1_000);
      ProbeReading b = p.read();
      ComponentEnergy e = p.between(a, b);
      assertThat(e.method()).isIn(Method.COUNTER, Method.SAMPLED);
      assertThat(b.power().watts()).isPositive();
      // an idle H100 draws > 20 W: 1 s gives well over 5 J and less than 1 kW x 1 s per GPU
      assertThat(e.energy().joules()).isBetween(5.0, 1000.0 * p.gpus().size());
      assertThat(p.computeProcesses()).isNotNull();
    }
  }

  @Test
  void shortWindowOnRealGpuIsMarkedInstantaneous() {
    try (NvmlProbe p = open().orElseThrow()) {
      assumeTrue(p.method() == Method.COUNTER && !p.gpus().isEmpty(), "skipped: no energy counter");
      ComponentEnergy e = p.between(p.read(), p.read());
      assertThat(e.method()).isEqualTo(Method.INSTANTANEOUS);
      assertThat(e.warnings()).anyMatch(w -> w.contains("shorter than NVML's energy counter update period"));
    }
  }
}
