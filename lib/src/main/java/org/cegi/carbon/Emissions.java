package org.cegi.carbon;

import java.util.ArrayList;
import java.util.List;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;

/**
 * TEMP stub of the carbon API contract (the carbon branch provides the real class): emissions of an amount of
 * energy, {@code energy × pue × intensity}.
 *
 * @param co2eGrams emissions in g CO2e
 * @param energy energy before PUE
 * @param pue power usage effectiveness, {@code >= 1}
 * @param intensity the grid intensity used
 * @param warnings warnings that change the number
 */
public record Emissions(
    double co2eGrams, Energy energy, double pue, CarbonIntensity intensity, List<String> warnings) {
  public Emissions {
    Check.nonNegative("co2e_g", co2eGrams);
    Check.notNull("energy", energy);
    Check.finite("pue", pue);
    if (pue < 1) {
      throw new IllegalArgumentException("pue must be >= 1 (1.0 = no facility overhead), got " + pue);
    }
    Check.notNull("intensity", intensity);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** {@code energy × pue × intensity}; PUE below 1 is an {@link IllegalArgumentException}. */
  public static Emissions of(Energy energy, double pue, CarbonIntensity intensity) {
    Check.notNull("energy", energy);
    Check.finite("pue", pue);
    if (pue < 1) {
      throw new IllegalArgumentException("pue must be >= 1 (1.0 = no facility overhead), got " + pue);
    }
    double grams = energy.kilowattHours() * pue * intensity.gramsPerKwh();
    return new Emissions(grams, energy, pue, intensity, intensity.warnings());
  }

  /** @return emissions in g CO2e */
  public double grams() {
    return co2eGrams;
  }

  /** @return emissions in kg CO2e */
  public double kilograms() {
    return co2eGrams / 1e3;
  }

  /** Sum of both; keeps this intensity and PUE, merges warnings. */
  public Emissions plus(Emissions other) {
    List<String> w = new ArrayList<>(warnings);
    other.warnings.stream().filter(x -> !w.contains(x)).forEach(w::add);
    return new Emissions(co2eGrams + other.co2eGrams, energy.plus(other.energy), pue, intensity, w);
  }
}
