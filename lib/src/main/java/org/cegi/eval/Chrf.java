package org.cegi.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * chrF as sacreBLEU 2.x computes it ({@code sacrebleu.CHRF()} defaults): character n-grams of orders 1..6 over
 * the text with whitespace removed, case-sensitive, beta = 2, no word n-grams, no eps smoothing. With several
 * references each segment takes the statistics of the reference with the best sentence-level chrF (first on
 * ties); the corpus score comes from the summed statistics.
 *
 * <pre>{@code
 * ChrfScore c = Chrf.corpus(hypotheses, references);     // references.get(i): references of hypothesis i
 * ChrfScore s = Chrf.sentence("The cat sat.", List.of("A cat sat."));
 * }</pre>
 *
 * <p>Characters are Unicode code points, as in Python.
 */
public final class Chrf {
  private static final int CHAR_ORDER = 6;
  private static final int BETA = 2;

  private Chrf() {}

  /** Corpus chrF2. {@code references.get(i)} holds the references of hypothesis i. */
  public static ChrfScore corpus(List<String> hypotheses, List<List<String>> references) {
    Check.noNulls("hypotheses", hypotheses);
    Check.noNulls("references", references);
    if (hypotheses.size() != references.size()) {
      throw new IllegalArgumentException(
          "hypotheses and references must have the same size, got " + hypotheses.size() + " hypotheses and "
              + references.size() + " reference lists; give one list of references per hypothesis");
    }
    if (hypotheses.isEmpty()) {
      throw new IllegalArgumentException("hypotheses must not be empty, got 0 segments");
    }
    long[] stats = new long[3 * CHAR_ORDER];
    int nrefs = -2;
    for (int i = 0; i < hypotheses.size(); i++) {
      List<String> refs = references.get(i);
      if (refs.isEmpty()) {
        throw new IllegalArgumentException(
            "references[" + i + "] holds no reference; every hypothesis needs at least one");
      }
      for (int k = 0; k < refs.size(); k++) {
        if (refs.get(k) == null) {
          throw new IllegalArgumentException("references[" + i + "][" + k + "] must not be null");
        }
      }
      nrefs = nrefs == -2 ? refs.size() : (nrefs == refs.size() ? nrefs : -1);
      long[] seg = segmentStatistics(hypotheses.get(i), refs);
      for (int j = 0; j < stats.length; j++) {
        stats[j] += seg[j];
      }
    }
    String sig = "nrefs:" + (nrefs < 0 ? "var" : Integer.toString(nrefs))
        + "|case:mixed|eff:yes|nc:" + CHAR_ORDER + "|nw:0|space:no|version:" + Bleu.VERSION;
    return new ChrfScore(fScore(stats), BETA, sig);
  }

  /** Sentence chrF2 of one hypothesis. */
  public static ChrfScore sentence(String hypothesis, List<String> references) {
    Check.notNull("hypothesis", hypothesis);
    return corpus(List.of(hypothesis), List.of(Check.noNulls("references", references)));
  }

  private static long[] segmentStatistics(String hypothesis, List<String> references) {
    List<Map<String, Integer>> hyp = charNgrams(hypothesis);
    double best = -1.0;
    long[] bestStats = new long[3 * CHAR_ORDER];
    for (String ref : references) {
      List<Map<String, Integer>> r = charNgrams(ref);
      long[] stats = new long[3 * CHAR_ORDER];
      for (int n = 0; n < CHAR_ORDER; n++) {
        Map<String, Integer> h = hyp.get(n);
        Map<String, Integer> rn = r.get(n);
        long hypCount = 0;
        long refCount = 0;
        long match = 0;
        for (int c : h.values()) {
          hypCount += c;
        }
        for (int c : rn.values()) {
          refCount += c;
        }
        for (Map.Entry<String, Integer> e : h.entrySet()) {
          Integer rc = rn.get(e.getKey());
          if (rc != null) {
            match += Math.min(e.getValue(), rc);
          }
        }
        // sacreBLEU does not count hypothesis n-grams of an order the reference has none of.
        stats[3 * n] = rn.isEmpty() ? 0 : hypCount;
        stats[3 * n + 1] = refCount;
        stats[3 * n + 2] = match;
      }
      double f = fScore(stats);
      if (f > best) {
        best = f;
        bestStats = stats;
      }
    }
    return bestStats;
  }

  /** chrF from the summed (hyp, ref, match) triples, averaging precision and recall over the effective orders. */
  static double fScore(long[] stats) {
    double eps = 1e-16;
    double factor = BETA * BETA;
    double avgPrec = 0.0;
    double avgRec = 0.0;
    int effectiveOrder = 0;
    for (int i = 0; i < CHAR_ORDER; i++) {
      long nHyp = stats[3 * i];
      long nRef = stats[3 * i + 1];
      long nMatch = stats[3 * i + 2];
      double prec = nHyp > 0 ? (double) nMatch / nHyp : eps;
      double rec = nRef > 0 ? (double) nMatch / nRef : eps;
      if (nHyp > 0 && nRef > 0) {
        avgPrec += prec;
        avgRec += rec;
        effectiveOrder++;
      }
    }
    if (effectiveOrder == 0) {
      avgPrec = 0.0;
      avgRec = 0.0;
    } else {
      avgPrec /= effectiveOrder;
      avgRec /= effectiveOrder;
    }
    if (avgPrec + avgRec != 0) {
      double score = (1 + factor) * avgPrec * avgRec;
      score /= factor * avgPrec + avgRec;
      return 100 * score;
    }
    return 0.0;
  }

  /** Character n-gram counts of orders 1..6 over the text with all (Python) whitespace removed. */
  private static List<Map<String, Integer>> charNgrams(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!PyText.isSpace(c)) {
        b.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    String s = b.toString();
    int[] starts = new int[s.codePointCount(0, s.length()) + 1];
    int k = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      starts[k++] = i;
    }
    starts[k] = s.length();
    List<Map<String, Integer>> out = new ArrayList<>(CHAR_ORDER);
    for (int n = 1; n <= CHAR_ORDER; n++) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i + n <= k; i++) {
        m.merge(s.substring(starts[i], starts[i + n]), 1, Integer::sum);
      }
      out.add(m);
    }
    return out;
  }
}
