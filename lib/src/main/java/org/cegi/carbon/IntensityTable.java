package org.cegi.carbon;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TEMP stub of the carbon API contract (the carbon branch provides the real tables). Holds only the world
 * fallbacks and a handful of Eco2AI values so code against the contract compiles and runs meanwhile.
 */
public final class IntensityTable {
  private final String name;
  private final CarbonIntensity world;
  private final Map<String, Double> values;

  private IntensityTable(String name, double world, Map<String, Double> values) {
    this.name = name;
    this.world = new CarbonIntensity(world, "World", name, 0, List.of());
    this.values = values;
  }

  /** Eco2AI's table; world fallback 436.529 g/kWh. */
  public static IntensityTable eco2ai() {
    return new IntensityTable("eco2ai", 436.529, Map.of("FR", 56.0, "DE", 338.0, "US", 379.0, "GB", 231.0));
  }

  /** CodeCarbon's table; world fallback 475 g/kWh. */
  public static IntensityTable codecarbon() {
    return new IntensityTable("codecarbon", 475.0, Map.of());
  }

  /** Intensity of a region; unknown region → {@link IllegalArgumentException}. */
  public CarbonIntensity lookup(String region) {
    Double v = values.get(region.toUpperCase(Locale.ROOT));
    if (v == null) {
      throw new IllegalArgumentException(
          "Unknown region \"" + region + "\" in intensity table " + name + ": use an ISO 3166 country code such as FR.");
    }
    return CarbonIntensity.of(v, region.toUpperCase(Locale.ROOT), name);
  }

  /** Intensity of a region, or the world value with a warning. */
  public CarbonIntensity lookupOrWorld(String region) {
    try {
      return lookup(region);
    } catch (IllegalArgumentException e) {
      return new CarbonIntensity(world.gramsPerKwh(), "World", name, 0,
          List.of("region " + region + " not in " + name + ": world average used"));
    }
  }

  /** The world-average intensity. */
  public CarbonIntensity world() {
    return world;
  }

  /** @return the table's name */
  public String name() {
    return name;
  }
}
