package org.cegi.energy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * CPU package energy from RAPL through Linux powercap ({@code /sys/class/powercap/intel-rapl:N/energy_uj}, µJ;
 * AMD packages appear under the same driver or as {@code amd-rapl:N}). Counter wraps are handled with
 * {@code max_energy_range_uj}; read at least once per wrap period (minutes) — a monitor's sampler does.
 *
 * <pre>{@code
 * if (RaplProbe.available(RaplProbe.DEFAULT_ROOT)) {
 *   try (RaplProbe cpu = RaplProbe.open(RaplProbe.DEFAULT_ROOT, System::nanoTime)) { ... }
 * }
 * }</pre>
 *
 * <p>RAPL measures whole packages: every process on the socket is included, not only this one.
 */
public final class RaplProbe implements EnergyProbe {
  /** Where Linux exposes powercap. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

  private record Domain(String name, Path energy, long maxRangeUj) {}

  private final List<Domain> domains;
  private final long[] lastUj;
  private final LongSupplier clock;
  private final List<String> events = new ArrayList<>();
  private final List<String> warnings;
  private double joules;
  private long lastT;
  private double lastW;
  private boolean closed;

  private RaplProbe(List<Domain> domains, LongSupplier clock) {
    this.domains = domains;
    this.clock = clock;
    this.lastUj = new long[domains.size()];
    for (int i = 0; i < domains.size(); i++) {
      lastUj[i] = readUj(domains.get(i).energy());
    }
    this.lastT = clock.getAsLong();
    this.warnings = List.of("RAPL measures whole CPU packages: other processes on the same sockets are included.");
  }

  /** Whether package domains exist under {@code root} and their counters can be read. */
  public static boolean available(Path root) {
    try {
      List<Domain> d = packages(root);
      for (Domain x : d) {
        readUj(x.energy());
      }
      return !d.isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Opens every package domain under {@code root}.
   *
   * @throws IllegalStateException naming the path and the fix when none is readable
   */
  public static RaplProbe open(Path root, LongSupplier clockNanos) {
    Check.notNull("root", root);
    List<Domain> d = packages(root);
    if (d.isEmpty()) {
      throw new IllegalStateException("No RAPL package domain under " + root
          + ": this machine exposes no powercap (VM, container or non-x86). Use the CPU estimate instead.");
    }
    return new RaplProbe(d, Check.notNull("clockNanos", clockNanos));
  }

  private static List<Domain> packages(Path root) {
    List<Domain> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> p.getFileName().toString().matches("[a-z]+-rapl:\\d+"))) {
      for (Path p : ds) {
        String name = Files.readString(p.resolve("name")).trim();
        if (!name.startsWith("package")) {
          continue;
        }
        long max = Long.parseLong(Files.readString(p.resolve("max_energy_range_uj")).trim());
        out.add(new Domain(p.getFileName() + "/" + name, p.resolve("energy_uj"), max));
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("Cannot read RAPL domains under " + root + " (" + e.getMessage()
          + "): energy_uj is often root-only since Linux 5.10; run with read access or use the CPU estimate.", e);
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  private static long readUj(Path p) {
    try {
      return Long.parseLong(Files.readString(p).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("Cannot read " + p + " (" + e.getMessage()
          + "): energy_uj is often root-only since Linux 5.10; grant read access or use the CPU estimate.", e);
    }
  }

  @Override
  public Component component() {
    return Component.CPU;
  }

  @Override
  public String name() {
    return "rapl";
  }

  @Override
  public Method method() {
    return Method.RAPL;
  }

  @Override
  public List<String> devices() {
    return domains.stream().map(Domain::name).toList();
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public synchronized ProbeReading read() {
    if (closed) {
      throw new IllegalStateException("RaplProbe is closed: open a new one.");
    }
    long t = clock.getAsLong();
    double dj = 0;
    for (int i = 0; i < domains.size(); i++) {
      Domain d = domains.get(i);
      long cur = readUj(d.energy());
      long delta = cur - lastUj[i];
      if (delta < 0) {
        delta += d.maxRangeUj();
        if (delta < 0) {
          events.add("RAPL counter of " + d.name() + " went back by more than max_energy_range_uj: reading ignored.");
          delta = 0;
        }
      }
      lastUj[i] = cur;
      dj += delta / 1e6;
    }
    joules += dj;
    if (t > lastT) {
      lastW = dj / ((t - lastT) / 1e9);
    }
    lastT = t;
    Power p = Power.ofWatts(lastW);
    return new ProbeReading(t, Energy.ofJoules(joules), p, p, events);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
