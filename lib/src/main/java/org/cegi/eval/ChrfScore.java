package org.cegi.eval;

import org.cegi.internal.Check;

/**
 * A chrF result.
 *
 * @param score chrF on the 0–100 scale
 * @param beta the recall weight (2 for chrF2)
 * @param signature sacreBLEU-style signature, e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:…}
 */
public record ChrfScore(double score, int beta, String signature) {
  public ChrfScore {
    Check.inRange("score", score, 0, 100.000001);
    Check.positive("beta", beta);
    Check.nonBlank("signature", signature);
  }

  /** sacreBLEU's {@code format()}, e.g. {@code chrF2 = 59.73}. */
  public String formatted() {
    return "chrF" + beta + " = " + PyText.fixed(score, 2);
  }
}
