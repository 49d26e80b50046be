package org.cegi.energy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * Replays a recorded trace: a CSV with header {@code time_s,energy_j[,power_w]} (time since the start of the
 * recording, cumulative energy; rows in time order). On the injected clock, time 0 is when the probe is opened;
 * energy between recorded rows is interpolated linearly and held after the last row. Method {@code replay}.
 *
 * <pre>{@code
 * ReplayProbe gpu = ReplayProbe.open(Component.GPU, Path.of("trace.csv"), System::nanoTime);
 * }</pre>
 */
public final class ReplayProbe implements EnergyProbe {
  private final Component component;
  private final Path file;
  private final double[] timeS;
  private final double[] energyJ;
  private final double[] powerW;
  private final LongSupplier clock;
  private final long t0;

  private ReplayProbe(Component component, Path file, double[] t, double[] e, double[] p, LongSupplier clock) {
    this.component = component;
    this.file = file;
    this.timeS = t;
    this.energyJ = e;
    this.powerW = p;
    this.clock = clock;
    this.t0 = clock.getAsLong();
  }

  /**
   * Reads a trace.
   *
   * @throws IllegalArgumentException naming the file, line and fix for a malformed trace
   */
  public static ReplayProbe open(Component component, Path file, LongSupplier clockNanos) {
    Check.notNull("component", component);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read replay trace " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Replay trace " + file + " is empty: expected a header time_s,energy_j[,power_w].");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    int ti = header.indexOf("time_s");
    int ei = header.indexOf("energy_j");
    int pi = header.indexOf("power_w");
    if (ti < 0 || ei < 0) {
      throw new IllegalArgumentException("Replay trace " + file + " has header " + header
          + ": expected columns time_s and energy_j (and optionally power_w).");
    }
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (l.isEmpty()) {
        continue;
      }
      String[] f = l.split(",");
      try {
        double t = Check.nonNegative("time_s", Double.parseDouble(f[ti].trim()));
        double e = Check.nonNegative("energy_j", Double.parseDouble(f[ei].trim()));
        double p = pi >= 0 && pi < f.length ? Check.nonNegative("power_w", Double.parseDouble(f[pi].trim())) : -1;
        if (!rows.isEmpty() && (t < rows.get(rows.size() - 1)[0] || e < rows.get(rows.size() - 1)[1])) {
          throw new IllegalArgumentException("time_s and energy_j must not decrease");
        }
        rows.add(new double[] {t, e, p});
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("Replay trace " + file + " line " + (i + 1) + " \"" + l + "\": "
            + ex.getMessage() + ". Fix the row (numbers, cumulative energy, time order).", ex);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("Replay trace " + file + " has no rows after its header.");
    }
    double[] t = rows.stream().mapToDouble(r -> r[0]).toArray();
    double[] e = rows.stream().mapToDouble(r -> r[1]).toArray();
    double[] p = rows.stream().mapToDouble(r -> r[2]).toArray();
    return new ReplayProbe(component, file, t, e, p, Check.notNull("clockNanos", clockNanos));
  }

  @Override
  public Component component() {
    return component;
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public Method method() {
    return Method.REPLAY;
  }

  @Override
  public List<String> devices() {
    return List.of(file.getFileName().toString());
  }

  @Override
  public List<String> warnings() {
    return List.of("Replayed from " + file + ": a recording, not a live measurement.");
  }

  @Override
  public ProbeReading read() {
    long now = clock.getAsLong();
    double s = (now - t0) / 1e9;
    int n = timeS.length;
    double e;
    double p;
    if (s <= timeS[0]) {
      e = energyJ[0];
      p = powerAt(0);
    } else if (s >= timeS[n - 1]) {
      e = energyJ[n - 1];
      p = powerAt(n - 1);
    } else {
      int i = 1;
      while (timeS[i] < s) {
        i++;
      }
      double f = (s - timeS[i - 1]) / (timeS[i] - timeS[i - 1]);
      e = energyJ[i - 1] + f * (energyJ[i] - energyJ[i - 1]);
      p = powerW[i] >= 0 ? powerW[i] : (energyJ[i] - energyJ[i - 1]) / (timeS[i] - timeS[i - 1]);
    }
    return ProbeReading.of(now, Energy.ofJoules(e - energyJ[0]), Power.ofWatts(Math.max(0, p)));
  }

  private double powerAt(int i) {
    if (powerW[i] >= 0) {
      return powerW[i];
    }
    if (i > 0) {
      return (energyJ[i] - energyJ[i - 1]) / Math.max(1e-9, timeS[i] - timeS[i - 1]);
    }
    return 0;
  }

  @Override
  public void close() {}
}
