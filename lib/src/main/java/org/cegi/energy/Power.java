package org.cegi.energy;

import java.util.Locale;
import org.cegi.internal.Check;

/**
 * A power draw, stored in watts.
 *
 * <pre>{@code
 * Power p = Power.ofMilliwatts(nvmlPowerUsage);
 * Energy e = p.over(2.5);   // 2.5 s at that power
 * }</pre>
 *
 * @param watts power in W; finite and {@code >= 0}
 */
public record Power(double watts) implements Comparable<Power> {
  /** Zero watts. */
  public static final Power ZERO = new Power(0.0);

  public Power {
    Check.nonNegative("power_w", watts);
  }

  /** @param watts power in W */
  public static Power ofWatts(double watts) {
    return new Power(watts);
  }

  /** @param milliwatts power in mW (the unit of NVML's power reading) */
  public static Power ofMilliwatts(double milliwatts) {
    Check.nonNegative("power_mw", milliwatts);
    return new Power(milliwatts / 1e3);
  }

  /** @return the power in mW */
  public double milliwatts() {
    return watts * 1e3;
  }

  /** @return the power in kW */
  public double kilowatts() {
    return watts / 1e3;
  }

  /** Energy drawn at this power for {@code seconds} (>= 0). */
  public Energy over(double seconds) {
    Check.nonNegative("duration_s", seconds);
    return Energy.ofJoules(watts * seconds);
  }

  /** @return the sum of both powers */
  public Power plus(Power other) {
    return new Power(watts + other.watts);
  }

  /** @return this power scaled by a non-negative factor (a utilisation share, for example) */
  public Power times(double factor) {
    Check.nonNegative("factor", factor);
    return new Power(watts * factor);
  }

  @Override
  public int compareTo(Power o) {
    return Double.compare(watts, o.watts);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.4g W", watts);
  }
}
