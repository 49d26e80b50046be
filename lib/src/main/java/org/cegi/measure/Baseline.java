package org.cegi.measure;

import java.util.EnumMap;
import java.util.Map;
import org.cegi.energy.Component;
import org.cegi.energy.Power;
import org.cegi.internal.Check;

/**
 * Idle power per component, measured while nothing of ours runs; windows subtract it to give net energy.
 *
 * @param idle idle power per component (components absent are not subtracted)
 * @param durationS how long the baseline was measured, in s (0 for a given or empty baseline)
 */
public record Baseline(Map<Component, Power> idle, double durationS) {
  public Baseline {
    Check.notNull("idle", idle);
    idle.forEach((k, v) -> {
      Check.notNull("component", k);
      Check.notNull("power", v);
    });
    idle = idle.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(idle));
    Check.nonNegative("duration_s", durationS);
  }

  /** No baseline: net equals gross. */
  public static Baseline none() {
    return new Baseline(Map.of(), 0);
  }

  /** A baseline given rather than measured (for example from an earlier run). */
  public static Baseline of(Map<Component, Power> idle) {
    return new Baseline(idle, 0);
  }

  /** @return idle power of a component, {@link Power#ZERO} when not in the baseline */
  public Power idle(Component c) {
    return idle.getOrDefault(c, Power.ZERO);
  }

  /** @return whether any component has an idle power */
  public boolean isEmpty() {
    return idle.isEmpty();
  }
}
