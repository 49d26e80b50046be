package org.cegi.energy;

import java.util.ArrayList;
import java.util.List;

/**
 * A source of energy readings for one component. A probe reports cumulative energy since it was opened, so any
 * number of overlapping windows can share it: a window keeps its start reading and subtracts it from its end
 * reading.
 *
 * <pre>{@code
 * try (EnergyProbe gpu = NvmlProbe.open()) {
 *   ProbeReading start = gpu.read();
 *   runModel();
 *   ComponentEnergy e = gpu.between(start, gpu.read());
 *   System.out.println(e.energy().joules() + " J by " + e.method().label());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: a monitor's sampling thread and the caller's thread both read.
 */
public interface EnergyProbe extends AutoCloseable {

  /** @return the component measured */
  Component component();

  /** @return a short probe name written into results ({@code nvml}, {@code rapl}, …) */
  String name();

  /** @return how this probe's figures are obtained */
  Method method();

  /** @return names of the devices measured (may be empty) */
  List<String> devices();

  /** Warnings that hold for every figure of this probe (estimated power, fallback TDP, fake). */
  List<String> warnings();

  /** Reads the cumulative energy and current power now. */
  ProbeReading read();

  /**
   * Called by a monitor's sampling thread at its interval; probes that integrate power or watch for counter
   * wraps sample here. The default reads and discards.
   */
  default void sample() {
    read();
  }

  /**
   * The energy between two readings of this probe. The default is the difference of cumulative energies,
   * labelled with {@link #method()}, carrying {@link #warnings()} and the warnings the end reading holds but
   * the start reading did not (events such as a counter reset inside the interval).
   */
  default ComponentEnergy between(ProbeReading start, ProbeReading end) {
    if (end.timeNanos() < start.timeNanos()) {
      throw new IllegalArgumentException(
          "end reading (t=" + end.timeNanos() + " ns) is before start reading (t=" + start.timeNanos()
              + " ns): pass the readings in order start, end.");
    }
    List<String> w = new ArrayList<>(warnings());
    end.warnings().stream().filter(x -> !start.warnings().contains(x) && !w.contains(x)).forEach(w::add);
    return new ComponentEnergy(
        component(), name(), method(), end.energy().minusOrZero(start.energy()), devices(), w);
  }

  /** Releases native resources; reading after close is an {@link IllegalStateException}. */
  @Override
  void close();
}
