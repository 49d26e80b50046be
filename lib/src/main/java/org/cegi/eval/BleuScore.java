package org.cegi.eval;

import java.util.List;
import org.cegi.internal.Check;

/**
 * A BLEU result with the statistics sacreBLEU reports.
 *
 * @param score BLEU on the 0–100 scale
 * @param counts clipped n-gram matches for n = 1..maxOrder
 * @param totals hypothesis n-grams for n = 1..maxOrder
 * @param precisions n-gram precisions after smoothing, 0–100
 * @param bp brevity penalty, 0–1
 * @param ratio hypothesis length / reference length (0 when the reference length is 0)
 * @param sysLen hypothesis length in tokens
 * @param refLen effective reference length in tokens
 * @param signature sacreBLEU-style signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:…}
 */
public record BleuScore(
    double score,
    List<Long> counts,
    List<Long> totals,
    List<Double> precisions,
    double bp,
    double ratio,
    long sysLen,
    long refLen,
    String signature) {

  public BleuScore {
    Check.inRange("score", score, 0, 100.000001);
    counts = List.copyOf(Check.noNulls("counts", counts));
    totals = List.copyOf(Check.noNulls("totals", totals));
    precisions = List.copyOf(Check.noNulls("precisions", precisions));
    if (counts.size() != totals.size() || counts.size() != precisions.size()) {
      throw new IllegalArgumentException(
          "counts, totals and precisions must have the same size (the max n-gram order), got "
              + counts.size() + ", " + totals.size() + " and " + precisions.size());
    }
    Check.nonNegative("bp", bp);
    Check.nonNegative("ratio", ratio);
    Check.nonNegative("sysLen", sysLen);
    Check.nonNegative("refLen", refLen);
    Check.nonBlank("signature", signature);
  }

  /**
   * sacreBLEU's one-line {@code format()}, e.g.
   * {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}.
   */
  public String formatted() {
    StringBuilder b = new StringBuilder("BLEU = ").append(PyText.fixed(score, 2)).append(' ');
    for (int i = 0; i < precisions.size(); i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(PyText.fixed(precisions.get(i), 1));
    }
    b.append(" (BP = ").append(PyText.fixed(bp, 3))
        .append(" ratio = ").append(PyText.fixed(ratio, 3))
        .append(" hyp_len = ").append(sysLen)
        .append(" ref_len = ").append(refLen).append(')');
    return b.toString();
  }
}
