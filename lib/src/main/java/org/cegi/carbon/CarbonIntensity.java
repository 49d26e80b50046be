package org.cegi.carbon;

import java.util.List;
import org.cegi.internal.Check;

/**
 * TEMP stub of the carbon API contract (the carbon branch provides the real class): grid carbon intensity.
 *
 * @param gramsPerKwh intensity in g CO2e per kWh; finite, {@code >= 0}
 * @param region region code or name
 * @param source where the figure comes from
 * @param year year of the figure, 0 when unknown
 * @param warnings warnings that change the number (for example a world-average fallback)
 */
public record CarbonIntensity(
    double gramsPerKwh, String region, String source, int year, List<String> warnings) {
  public CarbonIntensity {
    Check.nonNegative("intensity_g_per_kwh", gramsPerKwh);
    Check.nonBlank("region", region);
    Check.nonBlank("source", source);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** An explicit intensity in g CO2e/kWh. */
  public static CarbonIntensity of(double gramsPerKwh, String region, String source) {
    return new CarbonIntensity(gramsPerKwh, region, source, 0, List.of());
  }

  /** @return the intensity in kg CO2e per kWh */
  public double kgPerKwh() {
    return gramsPerKwh / 1e3;
  }
}
