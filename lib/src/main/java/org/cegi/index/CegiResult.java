package org.cegi.index;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.cegi.internal.Check;

/**
 * The CEGI of one fine-tuned variant, keeping every input, the gain convention, the metric scale and the
 * emissions unit so that each figure can be traced. The gain, the index and the status are derived from
 * the inputs on demand, so they can never disagree with them.
 *
 * <p>{@code CEGI = E / (G × T / 10^6)}: E in {@link #unit()} CO2e, G the gain in percent (or percentage
 * points, per {@link #convention()}), T the trainable parameters. Lower is better.
 *
 * <pre>{@code
 * CegiResult r = Cegi.of("qwen-lora", 1.2, 0.40, 0.55, 8_798_208);
 * r.value();        // OptionalDouble[0.3637…] kg CO2e per (% gain × M params)
 * r.status();       // OK, NO_GAIN or UNDEFINED_GAIN, with r.reason()
 * }</pre>
 *
 * @param name the variant's name
 * @param emissionsKg emissions of producing the variant, kg CO2e; finite and {@code >= 0}
 * @param baseMetric the base model's task metric, on {@code scale}
 * @param tunedMetric the fine-tuned variant's task metric, on {@code scale}
 * @param trainableParams trainable parameters T; {@code > 0}
 * @param convention how the gain is computed
 * @param scale the scale both metrics are on
 * @param unit the unit E is expressed in for the index value
 * @param warnings notes carried from the emissions (for example a world-average intensity)
 */
public record CegiResult(
    String name,
    double emissionsKg,
    double baseMetric,
    double tunedMetric,
    long trainableParams,
    GainConvention convention,
    MetricScale scale,
    EmissionsUnit unit,
    List<String> warnings) {

  public CegiResult {
    Check.nonBlank("name", name);
    Check.nonNegative("emissions_kg", emissionsKg);
    Check.notNull("scale", scale);
    scale.check("base_metric", baseMetric);
    scale.check("tuned_metric", tunedMetric);
    if (trainableParams <= 0) {
      throw new IllegalArgumentException("trainable_params must be > 0, got " + trainableParams
          + "; count them with LoraParams.count(...) or LoraParams.fromAdapter(path)");
    }
    Check.notNull("convention", convention);
    Check.notNull("unit", unit);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** @return the emissions E in {@link #unit()} CO2e */
  public double emissions() {
    return unit.fromKilograms(emissionsKg);
  }

  /**
   * @return the gain G in percent (RELATIVE) or percentage points (ABSOLUTE_POINTS); empty when undefined
   *     (RELATIVE over a base of 0)
   */
  public OptionalDouble gainPercent() {
    double g = convention.gainPercent(baseMetric, tunedMetric, scale);
    return Double.isNaN(g) ? OptionalDouble.empty() : OptionalDouble.of(g);
  }

  /** @return {@link CegiStatus#OK} when the gain is positive, else why there is no index value */
  public CegiStatus status() {
    OptionalDouble g = gainPercent();
    if (g.isEmpty()) {
      return CegiStatus.UNDEFINED_GAIN;
    }
    return g.getAsDouble() > 0 ? CegiStatus.OK : CegiStatus.NO_GAIN;
  }

  /** @return true when the index is a number */
  public boolean hasValue() {
    return status() == CegiStatus.OK;
  }

  /** @return why there is no value ({@code ""} when there is one) */
  public String reason() {
    return switch (status()) {
      case OK -> "";
      case NO_GAIN -> String.format(Locale.ROOT, "no gain: tuned metric %s <= base metric %s (gain %s %%)",
          fmt(tunedMetric), fmt(baseMetric), fmt(gainPercent().orElse(0)));
      case UNDEFINED_GAIN -> "undefined gain: RELATIVE gain divides by the base metric, which is 0;"
          + " use GainConvention.ABSOLUTE_POINTS (--gain absolute)";
    };
  }

  /**
   * The index: E (in {@link #unit()}) per (percent gain × million trainable parameters); lower is better.
   *
   * @return the value, or empty when {@link #status()} is not OK
   */
  public OptionalDouble value() {
    if (!hasValue()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Cegi.formula(emissions(), gainPercent().getAsDouble(), trainableParams));
  }

  /** The index with E in kg (for comparing results expressed in different units); empty without gain. */
  OptionalDouble valueKg() {
    return hasValue()
        ? OptionalDouble.of(Cegi.formula(emissionsKg, gainPercent().getAsDouble(), trainableParams))
        : OptionalDouble.empty();
  }

  /** @return the index's unit, e.g. {@code "kg CO2e / (% gain x 1e6 params)"} */
  public String unitLabel() {
    return unit.symbol() + " CO2e / (" + (convention == GainConvention.RELATIVE ? "%" : "pt")
        + " gain x 1e6 params)";
  }

  /** @return a copy with another name */
  public CegiResult withName(String newName) {
    return new CegiResult(newName, emissionsKg, baseMetric, tunedMetric, trainableParams, convention, scale,
        unit, warnings);
  }

  /** @return a copy with the emissions replaced (kg CO2e) */
  public CegiResult withEmissionsKg(double kg) {
    return new CegiResult(name, kg, baseMetric, tunedMetric, trainableParams, convention, scale, unit,
        warnings);
  }

  /** @return a copy expressing E in another unit */
  public CegiResult inUnit(EmissionsUnit newUnit) {
    return new CegiResult(name, emissionsKg, baseMetric, tunedMetric, trainableParams, convention, scale,
        newUnit, warnings);
  }

  @Override
  public String toString() {
    String head = hasValue()
        ? String.format(Locale.ROOT, "%s: CEGI %.6g %s", name, value().getAsDouble(), unitLabel())
        : name + ": CEGI n/a (" + reason() + ")";
    String gain = gainPercent().isPresent()
        ? String.format(Locale.ROOT, "%.4g %s", gainPercent().getAsDouble(),
            convention == GainConvention.RELATIVE ? "%" : "pt")
        : "undefined";
    String s = String.format(Locale.ROOT, "%s [E=%s %s CO2e, gain %s (%s, %s -> %s on %s), T=%,d]", head,
        fmt(emissions()), unit.symbol(), gain, convention, fmt(baseMetric), fmt(tunedMetric), scale.label(),
        trainableParams);
    return warnings.isEmpty() ? s : s + " warnings: " + warnings;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
  }
}
