package org.cegi.index;

import java.util.Locale;

/** The scale a task metric is reported on: a fraction in [0, 1] or percentage points in [0, 100]. */
public enum MetricScale {
  /** Metrics in [0, 1] (accuracy 0.55). */
  UNIT(1.0),
  /** Metrics in [0, 100] (accuracy 55.0). */
  PERCENT(100.0);

  private final double max;

  MetricScale(double max) {
    this.max = max;
  }

  /** @return the largest value a metric may take on this scale (1 or 100) */
  public double max() {
    return max;
  }

  /** @return a metric on this scale expressed in percentage points (0–100) */
  public double toPercent(double metric) {
    return metric * (100.0 / max);
  }

  /**
   * Fails unless {@code value} is finite and within [0, max].
   *
   * @param name the parameter name for the message
   */
  public double check(String name, double value) {
    if (!Double.isFinite(value) || value < 0 || value > max) {
      String hint = this == UNIT && Double.isFinite(value) && value > 1 && value <= 100
          ? "; the value looks like a percentage: use MetricScale.PERCENT (--scale percent)"
          : "";
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be within [0, %s] on MetricScale.%s, got %s%s", name, this == UNIT ? "1" : "100",
          name(), value, hint));
    }
    return value;
  }

  /** @return {@code "0-1"} or {@code "0-100"} */
  public String label() {
    return this == UNIT ? "0-1" : "0-100";
  }
}
