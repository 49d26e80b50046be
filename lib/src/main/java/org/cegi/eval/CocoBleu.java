package org.cegi.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * BLEU-1..4 as pycocoevalcap 1.2's {@code Bleu(4)} ({@code BleuScorer}, option {@code closest}) computes it on
 * tokenized captions: corpus statistics with the closest reference length (the shorter on ties), the
 * cumulative geometric mean per order, its {@code 1e-9}/{@code 1e-15} smoothing constants and the brevity
 * penalty; per-image values are the scorer's per-sentence list. Values are on the 0–1 scale.
 */
public final class CocoBleu implements CaptionMetric {
  private static final int N = 4;
  private static final double SMALL = 1e-9;
  private static final double TINY = 1e-15;

  /**
   * The corpus statistics of {@code BleuScorer}.
   *
   * @param testlen candidate tokens
   * @param reflen summed closest reference lengths
   * @param guess candidate n-grams for n = 1..4
   * @param correct clipped matches for n = 1..4
   */
  public record Stats(long testlen, long reflen, List<Long> guess, List<Long> correct) {
    public Stats {
      Check.nonNegative("testlen", testlen);
      Check.nonNegative("reflen", reflen);
      guess = List.copyOf(guess);
      correct = List.copyOf(correct);
    }
  }

  @Override
  public List<String> names() {
    return List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4");
  }

  /** The corpus statistics, for checking against {@code BleuScorer}. */
  public Stats stats(List<CaptionImage> tokenized) {
    CocoCaptionEval.checkImages(tokenized);
    long testlen = 0;
    long reflen = 0;
    long[] guess = new long[N];
    long[] correct = new long[N];
    for (CaptionImage img : tokenized) {
      Cooked c = cook(img);
      testlen += c.testlen;
      reflen += c.reflen;
      for (int k = 0; k < N; k++) {
        guess[k] += c.guess[k];
        correct[k] += c.correct[k];
      }
    }
    return new Stats(testlen, reflen, toList(guess), toList(correct));
  }

  @Override
  public Result score(List<CaptionImage> tokenized) {
    CocoCaptionEval.checkImages(tokenized);
    List<Map<String, Double>> perImage = new ArrayList<>();
    long testlen = 0;
    long reflen = 0;
    long[] guess = new long[N];
    long[] correct = new long[N];
    for (CaptionImage img : tokenized) {
      Cooked c = cook(img);
      testlen += c.testlen;
      reflen += c.reflen;
      double[] bleus = new double[N];
      double bleu = 1.0;
      for (int k = 0; k < N; k++) {
        guess[k] += c.guess[k];
        correct[k] += c.correct[k];
        bleu *= (c.correct[k] + TINY) / (c.guess[k] + SMALL);
        bleus[k] = Math.pow(bleu, 1.0 / (k + 1));
      }
      double ratio = (c.testlen + TINY) / (c.reflen + SMALL);
      if (ratio < 1) {
        for (int k = 0; k < N; k++) {
          bleus[k] *= Math.exp(1 - 1 / ratio);
        }
      }
      perImage.add(named(bleus));
    }
    double[] bleus = new double[N];
    double bleu = 1.0;
    for (int k = 0; k < N; k++) {
      bleu *= (correct[k] + TINY) / (guess[k] + SMALL);
      bleus[k] = Math.pow(bleu, 1.0 / (k + 1));
    }
    double ratio = (testlen + TINY) / (reflen + SMALL);
    if (ratio < 1) {
      for (int k = 0; k < N; k++) {
        bleus[k] *= Math.exp(1 - 1 / ratio);
      }
    }
    return new Result(named(bleus), perImage);
  }

  private Map<String, Double> named(double[] v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k = 0; k < N; k++) {
      m.put("Bleu_" + (k + 1), v[k]);
    }
    return m;
  }

  private static List<Long> toList(long[] a) {
    List<Long> out = new ArrayList<>();
    for (long x : a) {
      out.add(x);
    }
    return out;
  }

  private record Cooked(int testlen, int reflen, long[] guess, long[] correct) {}

  private static Cooked cook(CaptionImage img) {
    NgramKeys vocab = new NgramKeys();
    int[] cand = vocab.ids(PyText.split(img.candidate()));
    int testlen = cand.length;
    int best = -1;
    int bestDiff = Integer.MAX_VALUE;
    int[][] refs = new int[img.references().size()][];
    for (int k = 0; k < refs.length; k++) {
      refs[k] = vocab.ids(PyText.split(img.references().get(k)));
      int len = refs[k].length;
      int diff = Math.abs(len - testlen);
      if (diff < bestDiff || (diff == bestDiff && len < best)) {
        bestDiff = diff;
        best = len;
      }
    }
    boolean packed = vocab.packed();
    NgramKeys.Counts c = NgramKeys.Counts.of(vocab.keys(cand, N, packed));
    NgramKeys.Counts[] r = new NgramKeys.Counts[refs.length];
    for (int k = 0; k < refs.length; k++) {
      r[k] = NgramKeys.Counts.of(vocab.keys(refs[k], N, packed));
    }
    long[] guess = new long[N];
    long[] correct = new long[N];
    for (int k = 0; k < N; k++) {
      guess[k] = Math.max(0, testlen - k);
    }
    for (int j = 0; j < c.size(); j++) {
      long key = c.keys()[j];
      int max = 0;
      for (NgramKeys.Counts rc : r) {
        max = Math.max(max, rc.get(key));
      }
      correct[NgramKeys.order(key) - 1] += Math.min(max, c.counts()[j]);
    }
    return new Cooked(testlen, best, guess, correct);
  }
}
