package org.cegi.eval;

import org.cegi.internal.Check;

/**
 * Precision, recall and F1 of one ROUGE type, each in [0, 1].
 *
 * @param precision matched units / prediction units
 * @param recall matched units / target units
 * @param fmeasure harmonic mean of precision and recall (0 when both are 0)
 */
public record RougeScore(double precision, double recall, double fmeasure) {
  /** The score of an empty comparison. */
  public static final RougeScore ZERO = new RougeScore(0, 0, 0);

  public RougeScore {
    // 1 + 1e-12: a mean of values <= 1 may round one ulp above 1.
    Check.inRange("precision", precision, 0, 1 + 1e-12);
    Check.inRange("recall", recall, 0, 1 + 1e-12);
    Check.inRange("fmeasure", fmeasure, 0, 1 + 1e-12);
  }

  /** Builds the score from precision and recall, with rouge-score's F1. */
  static RougeScore of(double precision, double recall) {
    double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    return new RougeScore(precision, recall, f);
  }
}
