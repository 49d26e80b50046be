package org.cegi.index;

/**
 * How the percentage gain G of a fine-tuned variant over its base is computed. The CEGI paper does not pin
 * this down, so each result names the convention it used.
 */
public enum GainConvention {
  /** {@code G = 100 × (M_ft − M_base) / M_base}: gain relative to the base score (the default). */
  RELATIVE,
  /** {@code G = M_ft − M_base} with both metrics on the 0–100 scale: gain in percentage points. */
  ABSOLUTE_POINTS;

  /**
   * The gain in percent (RELATIVE) or percentage points (ABSOLUTE_POINTS). Metrics are checked against
   * the scale. RELATIVE with a base of 0 has no defined gain: the result is {@link Double#NaN}, which
   * {@link Cegi} turns into an {@link CegiStatus#UNDEFINED_GAIN} result.
   */
  public double gainPercent(double baseMetric, double tunedMetric, MetricScale scale) {
    scale.check("base_metric", baseMetric);
    scale.check("tuned_metric", tunedMetric);
    double base = scale.toPercent(baseMetric);
    double tuned = scale.toPercent(tunedMetric);
    return switch (this) {
      case RELATIVE -> base == 0 ? Double.NaN : 100.0 * (tuned - base) / base;
      case ABSOLUTE_POINTS -> tuned - base;
    };
  }

  /** @return the formula, for tables and {@code toString()} */
  public String formula() {
    return this == RELATIVE ? "100*(M_ft-M_base)/M_base" : "M_ft-M_base (0-100 points)";
  }
}
