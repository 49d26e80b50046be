package org.cegi.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * CPU energy estimated as TDP × the process's CPU share: the energy between two readings is
 * {@code TDP × CPU seconds used / logical CPUs}, i.e. TDP × utilisation × wall time. Method {@code estimated},
 * always with a warning saying so. Used where RAPL is not readable.
 *
 * <pre>{@code
 * CpuEstimateProbe cpu = CpuEstimateProbe.forThisProcess();
 * }</pre>
 */
public final class CpuEstimateProbe implements EnergyProbe {
  private final ProcessStats stats;
  private final TdpMatch tdp;
  private final int logicalCpus;
  private final LongSupplier clock;
  private final double startCpuS;
  private final List<String> warnings;
  private long lastT;
  private double lastCpuS;
  private double lastW;

  /**
   * @param stats whose CPU time counts
   * @param tdp the TDP of the CPU package(s)
   * @param logicalCpus logical CPUs the TDP is shared by
   * @param clockNanos time source
   */
  public CpuEstimateProbe(ProcessStats stats, TdpMatch tdp, int logicalCpus, LongSupplier clockNanos) {
    this.stats = Check.notNull("stats", stats);
    this.tdp = Check.notNull("tdp", tdp);
    this.logicalCpus = (int) Check.positive("logicalCpus", logicalCpus);
    this.clock = Check.notNull("clockNanos", clockNanos);
    this.startCpuS = stats.cpuSeconds();
    this.lastCpuS = startCpuS;
    this.lastT = clock.getAsLong();
    List<String> w = new ArrayList<>();
    w.add(String.format(Locale.ROOT, "CPU energy estimated as TDP %.1f W (%s, %s) x CPU share of %s over %d logical "
        + "CPUs: RAPL is not readable here.", tdp.tdp().watts(), tdp.matchedName(), tdp.source(), stats.describe(),
        logicalCpus));
    w.addAll(tdp.warnings());
    this.warnings = List.copyOf(w);
  }

  /** This JVM, the CPU model in {@code /proc/cpuinfo}, the bundled TDP tables. */
  public static CpuEstimateProbe forThisProcess() {
    return forStats(ProcessStats.self());
  }

  /** Any process stats (a command's process tree), the local CPU model, the bundled TDP tables. */
  public static CpuEstimateProbe forStats(ProcessStats stats) {
    java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
    int n = CpuTdp.logicalCpus(cpuinfo);
    String model = CpuTdp.cpuModelName(cpuinfo).orElse("unknown CPU");
    return new CpuEstimateProbe(stats, CpuTdp.bundled().lookup(model, n), n, System::nanoTime);
  }

  /** @return the TDP used */
  public TdpMatch tdp() {
    return tdp;
  }

  /** @return logical CPUs the TDP is divided by */
  public int logicalCpus() {
    return logicalCpus;
  }

  /** @return the process stats read */
  public ProcessStats stats() {
    return stats;
  }

  @Override
  public Component component() {
    return Component.CPU;
  }

  @Override
  public String name() {
    return "cpu-tdp";
  }

  @Override
  public Method method() {
    return Method.ESTIMATED;
  }

  @Override
  public List<String> devices() {
    return List.of(tdp.cpuModel());
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public synchronized ProbeReading read() {
    long t = clock.getAsLong();
    double cpuS = Math.max(lastCpuS, stats.cpuSeconds());
    if (t > lastT) {
      lastW = tdp.tdp().watts() * (cpuS - lastCpuS) / logicalCpus / ((t - lastT) / 1e9);
    }
    lastT = t;
    lastCpuS = cpuS;
    Energy e = Energy.ofJoules(tdp.tdp().watts() * (cpuS - startCpuS) / logicalCpus);
    return ProbeReading.of(t, e, Power.ofWatts(lastW));
  }

  @Override
  public void close() {}
}
