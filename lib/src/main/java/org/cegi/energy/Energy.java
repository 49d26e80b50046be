package org.cegi.energy;

import java.util.Locale;
import org.cegi.internal.Check;

/**
 * An amount of energy, stored in joules. Create it with a unit-named factory and read it back in the unit
 * you need; the unit is never implicit.
 *
 * <pre>{@code
 * Energy e = Energy.ofMillijoules(1_500);      // an NVML counter delta
 * double kwh = e.plus(Energy.ofWattHours(2)).kilowattHours();
 * }</pre>
 *
 * <p>Lives in {@code energy}, the lowest layer, because probes produce it and {@code measure} and
 * {@code carbon} consume it.
 *
 * @param joules the amount in joules; finite and {@code >= 0}
 */
public record Energy(double joules) implements Comparable<Energy> {
  /** Joules in one kilowatt-hour. */
  public static final double JOULES_PER_KWH = 3.6e6;

  /** Zero joules. */
  public static final Energy ZERO = new Energy(0.0);

  public Energy {
    Check.nonNegative("energy_j", joules);
  }

  /** @param joules energy in J */
  public static Energy ofJoules(double joules) {
    return new Energy(joules);
  }

  /** @param millijoules energy in mJ (the unit of NVML's total-energy counter) */
  public static Energy ofMillijoules(double millijoules) {
    Check.nonNegative("energy_mj", millijoules);
    return new Energy(millijoules / 1e3);
  }

  /** @param microjoules energy in µJ (the unit of RAPL's powercap counters) */
  public static Energy ofMicrojoules(double microjoules) {
    Check.nonNegative("energy_uj", microjoules);
    return new Energy(microjoules / 1e6);
  }

  /** @param wattHours energy in Wh */
  public static Energy ofWattHours(double wattHours) {
    Check.nonNegative("energy_wh", wattHours);
    return new Energy(wattHours * 3600.0);
  }

  /** @param kilowattHours energy in kWh */
  public static Energy ofKilowattHours(double kilowattHours) {
    Check.nonNegative("energy_kwh", kilowattHours);
    return new Energy(kilowattHours * JOULES_PER_KWH);
  }

  /** @return the energy in mJ */
  public double millijoules() {
    return joules * 1e3;
  }

  /** @return the energy in Wh */
  public double wattHours() {
    return joules / 3600.0;
  }

  /** @return the energy in kWh */
  public double kilowattHours() {
    return joules / JOULES_PER_KWH;
  }

  /** @return the sum of both amounts */
  public Energy plus(Energy other) {
    return new Energy(joules + other.joules);
  }

  /**
   * The difference, clamped at zero: energy cannot be negative. Callers that subtract a baseline and need
   * to know that it exceeded the gross figure compare the two themselves.
   */
  public Energy minusOrZero(Energy other) {
    return new Energy(Math.max(0.0, joules - other.joules));
  }

  /** @return this energy scaled by a non-negative factor (for example a PUE) */
  public Energy times(double factor) {
    Check.nonNegative("factor", factor);
    return new Energy(joules * factor);
  }

  /** Average power over a duration in seconds (> 0). */
  public Power per(double seconds) {
    Check.positive("duration_s", seconds);
    return Power.ofWatts(joules / seconds);
  }

  @Override
  public int compareTo(Energy o) {
    return Double.compare(joules, o.joules);
  }

  @Override
  public String toString() {
    if (joules >= JOULES_PER_KWH / 10) {
      return String.format(Locale.ROOT, "%.4g kWh", kilowattHours());
    }
    if (joules >= 1e3) {
      return String.format(Locale.ROOT, "%.4g kJ", joules / 1e3);
    }
    return String.format(Locale.ROOT, "%.4g J", joules);
  }
}
