package org.cegi.frames;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.energy.Method;
import org.cegi.energy.Power;
import org.cegi.measure.Baseline;
import org.cegi.measure.ComponentMeasurement;
import org.cegi.measure.Eco2aiFigures;
import org.cegi.measure.Measurement;

/** Hand-built measurements for the frame and plot tests (public: the plots tests use them too). */
public final class MeasurementSamples {
  private MeasurementSamples() {}

  /** A CPU (estimated, idle 2 W) + RAM (estimated) window, optionally with a GPU (counter) and Eco2AI figures. */
  public static Measurement window(String name, double seconds, double gpuJ, double cpuJ, double ramJ, boolean gpu,
      boolean eco2ai) {
    List<ComponentMeasurement> c = new ArrayList<>();
    if (gpu) {
      c.add(new ComponentMeasurement(Component.GPU, "nvml", Method.COUNTER, Energy.ofJoules(gpuJ),
          Energy.ofJoules(gpuJ), Power.ZERO, List.of("GPU 0"), List.of()));
    }
    double cpuNet = Math.max(0, cpuJ - 2 * seconds);
    c.add(new ComponentMeasurement(Component.CPU, "cpu-tdp", Method.ESTIMATED, Energy.ofJoules(cpuJ),
        Energy.ofJoules(cpuNet), Power.ofWatts(2), List.of("Test CPU"), List.of("CPU energy estimated")));
    c.add(new ComponentMeasurement(Component.RAM, "ram-rss", Method.ESTIMATED, Energy.ofJoules(ramJ),
        Energy.ofJoules(ramJ), Power.ZERO, List.of(), List.of()));
    Optional<Eco2aiFigures> eco = eco2ai
        ? Optional.of(new Eco2aiFigures(Energy.ofJoules(gpuJ * 0.5), Energy.ofJoules(cpuJ * 1.1),
            Energy.ofJoules(ramJ), 2, List.of("Eco2AI-compatible accounting")))
        : Optional.empty();
    return new Measurement(name, Instant.parse("2026-01-01T00:00:00Z"), seconds, c,
        Baseline.of(java.util.Map.of(Component.CPU, Power.ofWatts(2))), eco, List.of("No GPU energy: test"));
  }
}
