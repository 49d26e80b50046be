package org.cegi.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.cegi.energy.FakeNvml;
import org.cegi.energy.GpuVisibility;
import org.cegi.energy.NvmlProbe;
import org.cegi.energy.RamProbe;
import org.cegi.energy.CpuEstimateProbe;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Window;

/**
 * Benchmark of the measurement overhead, with NVML faked (no GPU needed). Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -q -B -pl lib test-compile exec:java -Dexec.mainClass=org.cegi.bench.EnergyBench \
 *     -Dexec.classpathScope=test -Dcegi.root=$PWD [-Dexec.args="10"]   # seconds for the sampler figures
 * </pre>
 *
 * <ol>
 *   <li>begin + end of a window: median and p99 over 20,000 windows, (a) NVML only, (b) NVML + CPU estimate + RAM;</li>
 *   <li>CPU time of the sampling threads at 10 Hz over N seconds, as % of one core: the NVML power-sampling
 *       thread (counter unsupported) and the monitor's sampler with NVML + CPU + RAM probes.</li>
 * </ol>
 */
public final class EnergyBench {
  private EnergyBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.println("cegi energy benchmark (NVML faked), JVM " + System.getProperty("java.version") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs");
    windowCost(false);
    windowCost(true);
    samplerCost(seconds);
  }

  private static FakeNvml fake(boolean counter) {
    FakeNvml lib = new FakeNvml().add("NVIDIA H100 (fake)", "GPU-fake-0", 300_000);
    lib.gpu(0).counterSupported = counter;
    return lib;
  }

  private static void windowCost(boolean allProbes) {
    NvmlProbe gpu = NvmlProbe.builder().library(fake(true)).visibility(GpuVisibility.allDevices()).open();
    EnergyMonitor.Builder b = EnergyMonitor.builder().probe(gpu).sampling(false);
    if (allProbes) {
      b.probe(CpuEstimateProbe.forThisProcess()).probe(RamProbe.forThisProcess());
    }
    try (EnergyMonitor m = b.start()) {
      int warm = 5_000;
      int n = 20_000;
      long[] ns = new long[n];
      for (int i = 0; i < warm + n; i++) {
        long t0 = System.nanoTime();
        Window w = m.begin("w");
        w.end();
        long t = System.nanoTime() - t0;
        if (i >= warm) {
          ns[i - warm] = t;
        }
      }
      Arrays.sort(ns);
      System.out.printf(Locale.ROOT, "begin+end of a window (%s): median %.1f us, p99 %.1f us, n=%d%n",
          allProbes ? "NVML faked + CPU estimate + RAM" : "NVML faked only",
          ns[n / 2] / 1e3, ns[(int) (n * 0.99)] / 1e3, n);
    } finally {
      gpu.close();
    }
  }

  private static void samplerCost(int seconds) throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (NvmlProbe gpu = NvmlProbe.builder().library(fake(false)).visibility(GpuVisibility.allDevices())
        .samplingInterval(Duration.ofMillis(100)).open()) {
      long c0 = gpu.samplerCpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long cpu = gpu.samplerCpuNanos() - c0;
      long wall = System.nanoTime() - t0;
      System.out.printf(Locale.ROOT, "NVML power-sampling thread at 10 Hz: %.4f %% of one core (%.2f ms CPU in %.1f s)%n",
          100.0 * cpu / wall, cpu / 1e6, wall / 1e9);
    }
    NvmlProbe gpu = NvmlProbe.builder().library(fake(true)).visibility(GpuVisibility.allDevices()).open();
    try (EnergyMonitor m = EnergyMonitor.builder().probe(gpu).probe(CpuEstimateProbe.forThisProcess())
        .probe(RamProbe.forThisProcess()).samplingInterval(Duration.ofMillis(100)).eco2aiCompatible(true).start()) {
      Window w = m.begin("idle");
      long id = m.samplerThreadId();
      long c0 = mx.getThreadCpuTime(id);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long cpu = mx.getThreadCpuTime(id) - c0;
      long wall = System.nanoTime() - t0;
      w.end();
      System.out.printf(Locale.ROOT, "monitor sampler at 10 Hz (NVML faked + CPU estimate + RAM, Eco2AI on): "
          + "%.4f %% of one core (%.2f ms CPU in %.1f s)%n", 100.0 * cpu / wall, cpu / 1e6, wall / 1e9);
    } finally {
      gpu.close();
    }
  }
}
