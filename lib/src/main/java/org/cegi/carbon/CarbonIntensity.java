package org.cegi.carbon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cegi.internal.Check;

/**
 * The carbon intensity of electricity in a region: grams of CO2-equivalent emitted per kilowatt-hour drawn
 * from the grid, with where the figure comes from.
 *
 * <pre>{@code
 * CarbonIntensity de = IntensityTable.eco2ai().lookup("DE");        // Germany, from the Eco2AI table
 * CarbonIntensity own = CarbonIntensity.of(120, "my-datacentre", "explicit");
 * double kg = own.kgPerKwh();                                          // 0.12
 * }</pre>
 *
 * @param gramsPerKwh intensity in g CO2e per kWh (numerically equal to kg per MWh); finite and {@code >= 0}
 * @param region the region the figure is for (a country, a sub-national region, "World", or a free label)
 * @param source the table and its attribution, or {@code "explicit"} for a value given by the user
 * @param year the year the figure describes, {@code 0} when unknown
 * @param warnings notes that change how the figure should be read (for example a world-average fallback)
 */
public record CarbonIntensity(
    double gramsPerKwh, String region, String source, int year, List<String> warnings) {

  /** The source label of a value given by the user rather than read from a table. */
  public static final String EXPLICIT = "explicit";

  public CarbonIntensity {
    Check.nonNegative("intensity_g_per_kwh", gramsPerKwh);
    Check.nonBlank("region", region);
    Check.nonBlank("source", source);
    if (year < 0) {
      throw new IllegalArgumentException("year must be >= 0 (0 when unknown), got " + year);
    }
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /**
   * An intensity with an unknown year and no warnings.
   *
   * @param gramsPerKwh g CO2e per kWh
   */
  public static CarbonIntensity of(double gramsPerKwh, String region, String source) {
    return new CarbonIntensity(gramsPerKwh, region, source, 0, List.of());
  }

  /**
   * A value the user states (for example from the utility's bill or a grid operator's live data).
   *
   * @param gramsPerKwh g CO2e per kWh
   */
  public static CarbonIntensity explicit(double gramsPerKwh, String region) {
    return of(gramsPerKwh, region, EXPLICIT);
  }

  /** @param kgPerKwh intensity in kg CO2e per kWh (CodeCarbon's unit); stored as g per kWh */
  public static CarbonIntensity ofKgPerKwh(double kgPerKwh, String region, String source) {
    Check.nonNegative("intensity_kg_per_kwh", kgPerKwh);
    return of(kgPerKwh * 1000.0, region, source);
  }

  /** @return the intensity in kg CO2e per kWh */
  public double kgPerKwh() {
    return gramsPerKwh / 1000.0;
  }

  /** @return the intensity in kg CO2e per MWh (Eco2AI's unit; the same number as g per kWh) */
  public double kgPerMwh() {
    return gramsPerKwh;
  }

  /** @return a copy with the given year (0 when unknown) */
  public CarbonIntensity withYear(int year) {
    return new CarbonIntensity(gramsPerKwh, region, source, year, warnings);
  }

  /** @return a copy with one more warning */
  public CarbonIntensity withWarning(String warning) {
    Check.nonBlank("warning", warning);
    List<String> w = new ArrayList<>(warnings);
    w.add(warning);
    return new CarbonIntensity(gramsPerKwh, region, source, year, w);
  }

  @Override
  public String toString() {
    String s = String.format(Locale.ROOT, "%.4g g CO2e/kWh (%s, %s%s)", gramsPerKwh, region, source,
        year == 0 ? "" : ", " + year);
    return warnings.isEmpty() ? s : s + " " + warnings;
  }
}
