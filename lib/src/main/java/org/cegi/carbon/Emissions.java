package org.cegi.carbon;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;

/**
 * Greenhouse-gas emissions of an amount of energy drawn from the grid: {@code energy × PUE × intensity}, in
 * grams of CO2-equivalent, keeping every factor so that the figure can be traced.
 *
 * <pre>{@code
 * Emissions e = Emissions.of(Energy.ofKilowattHours(2.5), 1.2, IntensityTable.eco2ai().lookup("FR"));
 * double kg = e.kilograms();
 * }</pre>
 *
 * @param co2eGrams the emissions in g CO2e; must equal {@code energy.kilowattHours() × pue × intensity.gramsPerKwh()}
 * @param energy the energy measured at the devices, before PUE
 * @param pue the power usage effectiveness of the facility (total facility energy / IT energy), {@code >= 1}
 * @param intensity the grid carbon intensity used
 * @param warnings notes that change how the figure should be read (the intensity's warnings included)
 */
public record Emissions(
    double co2eGrams, Energy energy, double pue, CarbonIntensity intensity, List<String> warnings) {

  public Emissions {
    Check.nonNegative("co2e_g", co2eGrams);
    Check.notNull("energy", energy);
    checkPue(pue);
    Check.notNull("intensity", intensity);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
    double expected = energy.kilowattHours() * pue * intensity.gramsPerKwh();
    if (Math.abs(expected - co2eGrams) > 1e-9 * Math.max(1.0, Math.abs(expected))) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "co2e_g must equal energy × pue × intensity = %s kWh × %s × %s g/kWh = %s g, got %s;"
              + " create emissions with Emissions.of(energy, pue, intensity)",
          energy.kilowattHours(), pue, intensity.gramsPerKwh(), expected, co2eGrams));
    }
  }

  /**
   * Emissions of {@code energy} drawn in a facility with the given PUE from a grid of the given intensity.
   * The intensity's warnings (for example a world-average fallback) are carried over.
   *
   * @param energy energy at the devices, before PUE
   * @param pue power usage effectiveness, {@code >= 1} (1.0 when only the devices count, as Eco2AI and
   *     CodeCarbon do by default)
   * @throws IllegalArgumentException when the PUE is below 1 or not finite
   */
  public static Emissions of(Energy energy, double pue, CarbonIntensity intensity) {
    Check.notNull("energy", energy);
    checkPue(pue);
    Check.notNull("intensity", intensity);
    return new Emissions(energy.kilowattHours() * pue * intensity.gramsPerKwh(), energy, pue, intensity,
        intensity.warnings());
  }

  /** Emissions of {@code energy} with PUE 1 (devices only). */
  public static Emissions of(Energy energy, CarbonIntensity intensity) {
    return of(energy, 1.0, intensity);
  }

  private static void checkPue(double pue) {
    Check.finite("pue", pue);
    if (pue < 1.0) {
      throw new IllegalArgumentException("pue must be >= 1 (facility energy / IT energy), got " + pue
          + "; use 1.0 to count the devices only, or a typical data-centre value such as 1.1 to 1.6");
    }
  }

  /** @return the emissions in g CO2e */
  public double grams() {
    return co2eGrams;
  }

  /** @return the emissions in kg CO2e */
  public double kilograms() {
    return co2eGrams / 1000.0;
  }

  /** @return the energy drawn by the facility (energy × PUE) */
  public Energy facilityEnergy() {
    return energy.times(pue);
  }

  /**
   * The sum of two emissions. When both use the same PUE and intensity the result keeps them; otherwise it
   * carries the effective PUE (energy-weighted) and the effective intensity (total grams / facility kWh),
   * labelled as mixed, with a warning saying so. Warnings of both are kept.
   */
  public Emissions plus(Emissions other) {
    Check.notNull("other", other);
    Energy total = energy.plus(other.energy);
    double grams = co2eGrams + other.co2eGrams;
    Set<String> w = new LinkedHashSet<>(warnings);
    w.addAll(other.warnings);
    boolean samePue = pue == other.pue;
    boolean sameIntensity = intensity.gramsPerKwh() == other.intensity.gramsPerKwh()
        && intensity.region().equals(other.intensity.region())
        && intensity.source().equals(other.intensity.source());
    if (samePue && sameIntensity) {
      return new Emissions(total.kilowattHours() * pue * intensity.gramsPerKwh(), total, pue, intensity,
          List.copyOf(w));
    }
    double effectivePue = total.joules() == 0
        ? Math.max(pue, other.pue)
        : (energy.joules() * pue + other.energy.joules() * other.pue) / total.joules();
    double facilityKwh = total.kilowattHours() * effectivePue;
    double effectiveIntensity = facilityKwh == 0
        ? Math.max(intensity.gramsPerKwh(), other.intensity.gramsPerKwh())
        : grams / facilityKwh;
    String region = intensity.region().equals(other.intensity.region())
        ? intensity.region() : intensity.region() + " + " + other.intensity.region();
    String source = intensity.source().equals(other.intensity.source())
        ? intensity.source() : "mixed: " + intensity.source() + " + " + other.intensity.source();
    w.add(String.format(Locale.ROOT,
        "sum of emissions with different PUE or intensity (%s × %.4g g/kWh and %s × %.4g g/kWh):"
            + " pue and intensity are energy-weighted effective values",
        pue, intensity.gramsPerKwh(), other.pue, other.intensity.gramsPerKwh()));
    CarbonIntensity mixed = new CarbonIntensity(effectiveIntensity, region, source,
        intensity.year() == other.intensity.year() ? intensity.year() : 0, List.of());
    return new Emissions(facilityKwh * effectiveIntensity, total, effectivePue, mixed, List.copyOf(w));
  }

  @Override
  public String toString() {
    String s = String.format(Locale.ROOT, "%.4g g CO2e (%s × PUE %s × %s)", co2eGrams, energy, pue, intensity);
    return s;
  }
}
