package org.cegi.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NvmlProbeTest {
  private final long[] now = {0};

  private FakeNvml twoGpus() {
    return new FakeNvml()
        .add("NVIDIA H100", "GPU-aaaa-1111", 300_000)
        .add("NVIDIA A100", "GPU-bbbb-2222", 100_000);
  }

  private NvmlProbe open(FakeNvml lib, String visible) {
    NvmlProbe.Builder b = NvmlProbe.builder().library(lib).clock(() -> now[0]).autoSampling(false);
    if (visible != null) {
      b.cudaVisibleDevices(visible);
    } else {
      b.visibility(GpuVisibility.allDevices());
    }
    return b.open();
  }

  @Test
  void energyOfAWindowIsTheCounterDeltaOfTheVisibleGpusOnly() {
    FakeNvml lib = twoGpus();
    lib.gpu(0).counterMj = 1_000_000;
    lib.gpu(1).counterMj = 5_000_000;
    try (NvmlProbe p = open(lib, "1")) {
      assertThat(p.devices()).containsExactly("NVIDIA A100 [1]");
      ProbeReading a = p.read();
      now[0] += 2_000_000_000L;
      lib.gpu(0).counterMj += 900_000;   // not visible: never summed
      lib.gpu(1).counterMj += 250_000;   // 250 J
      ComponentEnergy e = p.between(a, p.read());
      assertThat(e.method()).isEqualTo(Method.COUNTER);
      assertThat(e.energy().joules()).isCloseTo(250.0, within(1e-9));
      assertThat(e.component()).isEqualTo(Component.GPU);
    }
    assertThat(lib.shutdownCalls).isEqualTo(1);
  }

  @Test
  void severalVisibleGpusAreSummedAndUuidsSelectThem() {
    FakeNvml lib = twoGpus();
    try (NvmlProbe p = open(lib, "GPU-bbbb,GPU-aaaa-1111")) {
      assertThat(p.gpus()).extracting(GpuDevice::index).containsExactly(1, 0);
      ProbeReading a = p.read();
      now[0] += 1_000_000_000L;
      lib.gpu(0).counterMj += 1000;
      lib.gpu(1).counterMj += 2000;
      assertThat(p.between(a, p.read()).energy().joules()).isCloseTo(3.0, within(1e-9));
    }
  }

  @Test
  void invalidEntryStopsTheListAsCudaDoesAndWarns() {
    try (NvmlProbe p = open(twoGpus(), "0,7,1")) {
      assertThat(p.gpus()).extracting(GpuDevice::index).containsExactly(0);
      assertThat(p.warnings()).anyMatch(w -> w.contains("entry \"7\" matches no GPU"));
    }
  }

  @Test
  void emptyVisibilityMeansNoGpuAndSaysSo() {
    try (NvmlProbe p = open(twoGpus(), "")) {
      assertThat(p.gpus()).isEmpty();
      assertThat(p.warnings()).anyMatch(w -> w.startsWith("No GPU is visible to this process"));
      ProbeReading a = p.read();
      now[0] += 1_000_000_000L;
      assertThat(p.between(a, p.read()).energy()).isEqualTo(Energy.ZERO);
    }
  }

  @Test
  void migUuidResolvesToTheParentGpuWithAWarning() {
    FakeNvml lib = twoGpus();
    lib.gpu(1).migUuid = "MIG-1234-5678";
    lib.gpu(1).migMode = 1;
    try (NvmlProbe p = open(lib, "MIG-1234-5678")) {
      assertThat(p.gpus()).extracting(GpuDevice::index).containsExactly(1);
      assertThat(p.gpus().get(0).migEnabled()).isTrue();
      assertThat(p.warnings()).anyMatch(w -> w.contains("MIG instance MIG-1234-5678"));
    }
  }

  @Test
  void counterResetIsCountedFromZeroWithAWarningOnlyOnWindowsSpanningIt() {
    FakeNvml lib = twoGpus();
    lib.gpu(0).counterMj = 10_000_000;
    try (NvmlProbe p = open(lib, "0")) {
      ProbeReading a = p.read();
      now[0] += 1_000_000_000L;
      lib.gpu(0).counterMj = 40_000; // driver reloaded: 40 J since
      ProbeReading b = p.read();
      ComponentEnergy e = p.between(a, b);
      assertThat(e.energy().joules()).isCloseTo(40.0, within(1e-9));
      assertThat(e.warnings()).anyMatch(w -> w.contains("went back from 10000000 to 40000 mJ"));
      now[0] += 1_000_000_000L;
      lib.gpu(0).counterMj += 10_000;
      ComponentEnergy later = p.between(b, p.read());
      assertThat(later.energy().joules()).isCloseTo(10.0, within(1e-9));
      assertThat(later.warnings()).noneMatch(w -> w.contains("went back"));
    }
  }

  @Test
  void unsupportedCounterFallsBackToSampledTrapezoidIntegration() {
    FakeNvml lib = twoGpus();
    lib.gpu(0).counterSupported = false;
    try (NvmlProbe p = open(lib, "0")) {
      assertThat(p.method()).isEqualTo(Method.SAMPLED);
      assertThat(p.warnings()).anyMatch(w -> w.startsWith("Energy counter not supported on GPU 0 (NVIDIA H100)"));
      ProbeReading a = p.read();
      // 300 W for 1 s, then a ramp to 100 W over 1 s: 300 + 200 = 500 J
      now[0] += 1_000_000_000L;
      p.sample();
      lib.gpu(0).powerMw = 100_000;
      now[0] += 1_000_000_000L;
      ComponentEnergy e = p.between(a, p.read());
      assertThat(e.method()).isEqualTo(Method.SAMPLED);
      assertThat(e.energy().joules()).isCloseTo(500.0, within(1e-9));
    }
  }

  @Test
  void windowShorterThanTheCounterPeriodUsesInstantaneousPowerAndWarns() {
    FakeNvml lib = twoGpus();
    try (NvmlProbe p = open(lib, "0")) {
      ProbeReading a = p.read();
      now[0] += 20_000_000L; // 20 ms: the counter has not moved
      ComponentEnergy e = p.between(a, p.read());
      assertThat(e.method()).isEqualTo(Method.INSTANTANEOUS);
      assertThat(e.energy().joules()).isCloseTo(300.0 * 0.020, within(1e-9));
      assertThat(e.warnings()).anyMatch(w -> w.startsWith("Window of 20.0 ms is shorter than NVML's energy counter"));
    }
  }

  @Test
  void lostGpuStopsCountingWithAWarning() {
    FakeNvml lib = twoGpus();
    try (NvmlProbe p = open(lib, "0,1")) {
      ProbeReading a = p.read();
      lib.gpu(0).lostAfterReads = 0;
      lib.gpu(1).counterMj += 5_000;
      now[0] += 1_000_000_000L;
      ComponentEnergy e = p.between(a, p.read());
      assertThat(e.energy().joules()).isCloseTo(5.0, within(1e-9));
      assertThat(e.warnings()).anyMatch(w -> w.startsWith("GPU 0 (NVIDIA H100) was lost"));
    }
  }

  @Test
  void errorCodesBecomeActionableExceptions() {
    FakeNvml lib = twoGpus();
    lib.errors.put("nvmlInit_v2", NvmlLibrary.ERROR_DRIVER_NOT_LOADED);
    assertThatThrownBy(() -> open(lib, null))
        .isInstanceOf(NvmlException.DriverNotLoaded.class)
        .hasMessage("NVML nvmlInit_v2 failed: the NVIDIA kernel driver is not loaded (code 9). Check nvidia-smi; "
            + "load the driver (modprobe nvidia) or reboot after a driver update.");
    FakeNvml perm = twoGpus();
    perm.errors.put("nvmlDeviceGetTotalEnergyConsumption", NvmlLibrary.ERROR_NO_PERMISSION);
    assertThatThrownBy(() -> open(perm, null))
        .isInstanceOf(NvmlException.NoPermission.class)
        .hasMessageContaining("no permission (code 4)");
    assertThat(perm.shutdownCalls).isEqualTo(1);
    assertThat(NvmlException.of(15, "x", "")).isInstanceOf(NvmlException.GpuLost.class);
    assertThat(NvmlException.of(3, "x", "")).isInstanceOf(NvmlException.NotSupported.class);
    assertThat(NvmlException.of(12, "x", "")).isInstanceOf(NvmlException.LibraryMissing.class);
    assertThat(NvmlException.of(999, "nvmlFoo", "Unknown Error").getMessage())
        .isEqualTo("NVML nvmlFoo failed with code 999 (Unknown Error). Check nvidia-smi; set -Dcegi.debug=true "
            + "for the stack trace.");
  }

  @Test
  void runningComputeProcessesAreListed() {
    FakeNvml lib = twoGpus();
    lib.gpu(0).processes.add(new int[] {4242, 1_000_000});
    lib.gpu(1).processes.add(new int[] {4343, 2_000_000});
    try (NvmlProbe p = open(lib, "0")) {
      assertThat(p.computeProcesses()).isEqualTo(Map.of(4242, 1_000_000L));
    }
  }

  @Test
  void readingAfterCloseIsRefused() {
    NvmlProbe p = open(twoGpus(), null);
    p.close();
    assertThatThrownBy(p::read).isInstanceOf(IllegalStateException.class)
        .hasMessage("NvmlProbe is closed: open a new one with NvmlProbe.open().");
  }

  @Test
  void powerOfAllHostGpusIsReportedForEco2aiEvenWhenOnlyOneIsVisible() {
    try (NvmlProbe p = open(twoGpus(), "0")) {
      ProbeReading r = p.read();
      assertThat(r.power().watts()).isEqualTo(300.0);
      assertThat(r.powerAllDevices().watts()).isEqualTo(400.0);
    }
  }

  @Test
  void samplingIntervalAbove100msIsRejected() {
    assertThatThrownBy(() -> NvmlProbe.builder().samplingInterval(Duration.ofMillis(500)))
        .hasMessage("GPU power sampling interval must be > 0 and <= 100 ms (>= 10 Hz), got 500 ms.");
  }

  @Test
  void realSamplingThreadIntegratesPower() throws Exception {
    FakeNvml lib = twoGpus();
    lib.gpu(0).counterSupported = false;
    try (NvmlProbe p = NvmlProbe.builder().library(lib).cudaVisibleDevices("0")
        .samplingInterval(Duration.ofMillis(10)).open()) {
      ProbeReading a = p.read();
      Thread.sleep(200);
      ComponentEnergy e = p.between(a, p.read());
      double s = (e.energy().joules()) / 300.0;
      assertThat(s).isBetween(0.15, 30.0); // wall time, generous for a loaded CI machine
    }
  }
}
