package org.cegi.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.energy.Method;
import org.cegi.energy.Power;
import org.cegi.internal.Check;

/**
 * What a window measured: gross and net energy per component, duration, methods, devices and warnings, and
 * optionally the Eco2AI-compatible figures of the same interval.
 *
 * <pre>{@code
 * Measurement m = monitor.measure("generate", () -> model.generate(prompt));
 * m.netEnergy().joules();                   // all components, idle subtracted
 * m.gross(Component.GPU).joules();          // GPU only, as measured
 * m.method(Component.CPU);                  // Optional[ESTIMATED] on a machine without RAPL
 * m.eco2ai().map(e -> e.total().joules());  // what Eco2AI would have reported
 * }</pre>
 *
 * @param name the window's name
 * @param started wall-clock start
 * @param durationS duration in s
 * @param components one entry per probe
 * @param baseline the idle baseline subtracted
 * @param eco2ai the Eco2AI-compatible figures, when the monitor computes them
 * @param warnings every warning of the components and of the window, without duplicates
 */
public record Measurement(
    String name, Instant started, double durationS, List<ComponentMeasurement> components, Baseline baseline,
    Optional<Eco2aiFigures> eco2ai, List<String> warnings) {
  public Measurement {
    Check.nonBlank("name", name);
    Check.notNull("started", started);
    Check.nonNegative("duration_s", durationS);
    components = List.copyOf(Check.noNulls("components", components));
    Check.notNull("baseline", baseline);
    Check.notNull("eco2ai", eco2ai);
    List<String> all = new ArrayList<>();
    for (String w : Check.noNulls("warnings", warnings)) {
      if (!all.contains(w)) {
        all.add(w);
      }
    }
    for (ComponentMeasurement c : components) {
      c.warnings().stream().filter(w -> !all.contains(w)).forEach(all::add);
    }
    warnings = List.copyOf(all);
  }

  /** @return gross energy of every component */
  public Energy grossEnergy() {
    return components.stream().map(ComponentMeasurement::gross).reduce(Energy.ZERO, Energy::plus);
  }

  /** @return net energy (idle subtracted) of every component */
  public Energy netEnergy() {
    return components.stream().map(ComponentMeasurement::net).reduce(Energy.ZERO, Energy::plus);
  }

  /** @return gross energy of one component ({@link Energy#ZERO} when it has no probe: see {@link #has}) */
  public Energy gross(Component c) {
    return components.stream().filter(x -> x.component() == c).map(ComponentMeasurement::gross)
        .reduce(Energy.ZERO, Energy::plus);
  }

  /** @return net energy of one component ({@link Energy#ZERO} when it has no probe: see {@link #has}) */
  public Energy net(Component c) {
    return components.stream().filter(x -> x.component() == c).map(ComponentMeasurement::net)
        .reduce(Energy.ZERO, Energy::plus);
  }

  /** @return whether a probe measured this component */
  public boolean has(Component c) {
    return components.stream().anyMatch(x -> x.component() == c);
  }

  /** @return the method of a component (the first probe's), empty when not measured */
  public Optional<Method> method(Component c) {
    return components.stream().filter(x -> x.component() == c).map(ComponentMeasurement::method).findFirst();
  }

  /** @return average gross power over the window, in W ({@link Power#ZERO} for a zero-length window) */
  public Power averagePower() {
    return durationS > 0 ? grossEnergy().per(durationS) : Power.ZERO;
  }

  /** @return average gross power of one component over the window, in W */
  public Power averagePower(Component c) {
    return durationS > 0 ? gross(c).per(durationS) : Power.ZERO;
  }

  /** @return every device measured */
  public List<String> devices() {
    List<String> out = new ArrayList<>();
    components.forEach(c -> c.devices().stream().filter(d -> !out.contains(d)).forEach(out::add));
    return out;
  }
}
