package org.cegi.energy;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * RAM energy estimated from resident memory: {@link #ECO2AI_W_PER_GB} (0.375) W per GB of RSS, GB = 2^30 bytes
 * as in Eco2AI, integrated over time at each reading (trapezoid rule). Method {@code estimated}, labelled so.
 *
 * <pre>{@code
 * RamProbe ram = RamProbe.forThisProcess();           // 0.375 W/GB
 * RamProbe ram2 = new RamProbe(ProcessStats.self(), 0.5, System::nanoTime);
 * }</pre>
 */
public final class RamProbe implements EnergyProbe {
  /** Eco2AI's RAM power model, in W per GB (2^30 bytes) resident. */
  public static final double ECO2AI_W_PER_GB = 0.375;
  private static final double GB = 1024.0 * 1024 * 1024;

  private final ProcessStats stats;
  private final double wattsPerGb;
  private final LongSupplier clock;
  private long lastT;
  private double lastW;
  private double joules;
  private final List<String> warnings;

  /**
   * @param stats whose resident memory counts
   * @param wattsPerGb W per GB resident, {@code >= 0}
   * @param clockNanos time source
   */
  public RamProbe(ProcessStats stats, double wattsPerGb, LongSupplier clockNanos) {
    this.stats = Check.notNull("stats", stats);
    this.wattsPerGb = Check.nonNegative("ram_w_per_gb", wattsPerGb);
    this.clock = Check.notNull("clockNanos", clockNanos);
    this.lastT = clock.getAsLong();
    this.lastW = power().watts();
    this.warnings = List.of(String.format(Locale.ROOT,
        "RAM energy estimated as %.3f W per GB resident (%s), not measured.", wattsPerGb, stats.describe()));
  }

  /** This JVM at 0.375 W/GB. */
  public static RamProbe forThisProcess() {
    return new RamProbe(ProcessStats.self(), ECO2AI_W_PER_GB, System::nanoTime);
  }

  private Power power() {
    return Power.ofWatts(wattsPerGb * stats.rssBytes() / GB);
  }

  /** @return the W per GB used */
  public double wattsPerGb() {
    return wattsPerGb;
  }

  @Override
  public Component component() {
    return Component.RAM;
  }

  @Override
  public String name() {
    return "ram-rss";
  }

  @Override
  public Method method() {
    return Method.ESTIMATED;
  }

  @Override
  public List<String> devices() {
    return List.of();
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public synchronized ProbeReading read() {
    long t = clock.getAsLong();
    double w = power().watts();
    if (t > lastT) {
      joules += (w + lastW) / 2.0 * ((t - lastT) / 1e9);
      lastT = t;
    }
    lastW = w;
    return ProbeReading.of(t, Energy.ofJoules(joules), Power.ofWatts(w));
  }

  @Override
  public void close() {}
}
