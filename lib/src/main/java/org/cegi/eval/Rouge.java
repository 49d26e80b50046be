package org.cegi.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cegi.internal.Check;

/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum as Google's {@code rouge-score} 0.1.2 computes them
 * ({@code RougeScorer(types, use_stemmer).score(target, prediction)}): its tokenizer (lowercase, every run of
 * characters outside {@code [a-z0-9]} becomes a space, so non-ASCII text is dropped), optional Porter stemming of
 * tokens longer than three characters (NLTK 3.8), ROUGE-Lsum over {@code "\n"}-separated sentences with the
 * union LCS of ROUGE 1.5.5, best-of over several targets and the plain mean over a set.
 *
 * <pre>{@code
 * Rouge rouge = Rouge.withStemmer(true);
 * Map<RougeType, RougeScore> s = rouge.score("the reference summary", "the predicted summary");
 * double rougeL = s.get(RougeType.ROUGE_L).fmeasure();
 * Map<RougeType, RougeScore> mean = rouge.mean(targets, predictions);
 * }</pre>
 *
 * <p>The target (reference) comes first, as in {@code rouge-score}.
 */
public final class Rouge {
  private static final Rouge PLAIN = new Rouge(false);
  private static final Rouge STEMMED = new Rouge(true);

  private final boolean stemmer;

  private Rouge(boolean stemmer) {
    this.stemmer = stemmer;
  }

  /** A scorer with ({@code true}) or without Porter stemming, like {@code use_stemmer}. */
  public static Rouge withStemmer(boolean useStemmer) {
    return useStemmer ? STEMMED : PLAIN;
  }

  /** Whether this scorer stems tokens. */
  public boolean stems() {
    return stemmer;
  }

  /** rouge-score's default tokenizer. */
  public static List<String> tokenize(String text, boolean useStemmer) {
    Check.notNull("text", text);
    String lower = PyText.lower(text);
    List<String> tokens = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        b.append(c);
      } else if (b.length() > 0) {
        String t = b.toString();
        tokens.add(useStemmer && t.length() > 3 ? PorterStemmer.stem(t) : t);
        b.setLength(0);
      }
    }
    // A stemmed token is lowercase ASCII letters and digits again; the final filter of rouge-score keeps all.
    return tokens;
  }

  /**
   * Scores one prediction against one target.
   *
   * @return the four ROUGE types in the order of {@link RougeType}
   */
  public Map<RougeType, RougeScore> score(String target, String prediction) {
    Check.notNull("target", target);
    Check.notNull("prediction", prediction);
    Map<RougeType, RougeScore> out = new EnumMap<>(RougeType.class);
    List<String> t = tokenize(target, stemmer);
    List<String> p = tokenize(prediction, stemmer);
    out.put(RougeType.ROUGE1, ngramScore(t, p, 1));
    out.put(RougeType.ROUGE2, ngramScore(t, p, 2));
    out.put(RougeType.ROUGE_L, lcsScore(t, p));
    out.put(RougeType.ROUGE_LSUM, summaryLcsScore(sentences(target), sentences(prediction)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Scores one prediction against several targets: per type the score of the target with the highest F
   * (the first on ties), as {@code score_multi}.
   */
  public Map<RougeType, RougeScore> scoreMulti(List<String> targets, String prediction) {
    Check.noNulls("targets", targets);
    Check.notNull("prediction", prediction);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must hold at least one reference, got 0");
    }
    List<Map<RougeType, RougeScore>> all = new ArrayList<>();
    for (String t : targets) {
      all.add(score(t, prediction));
    }
    Map<RougeType, RougeScore> out = new EnumMap<>(RougeType.class);
    for (RougeType type : RougeType.values()) {
      RougeScore best = all.get(0).get(type);
      for (int i = 1; i < all.size(); i++) {
        RougeScore s = all.get(i).get(type);
        if (s.fmeasure() > best.fmeasure()) {
          best = s;
        }
      }
      out.put(type, best);
    }
    return Collections.unmodifiableMap(out);
  }

  /** The plain arithmetic mean of every per-pair value over a set (not the bootstrap aggregate). */
  public Map<RougeType, RougeScore> mean(List<String> targets, List<String> predictions) {
    Check.noNulls("targets", targets);
    Check.noNulls("predictions", predictions);
    if (targets.size() != predictions.size()) {
      throw new IllegalArgumentException("targets and predictions must have the same size, got "
          + targets.size() + " targets and " + predictions.size() + " predictions");
    }
    List<Map<RougeType, RougeScore>> all = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      all.add(score(targets.get(i), predictions.get(i)));
    }
    return meanOf(all);
  }

  /** The arithmetic mean (sequential sum / count) of per-pair scores. */
  public static Map<RougeType, RougeScore> meanOf(List<Map<RougeType, RougeScore>> scores) {
    Check.noNulls("scores", scores);
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("scores must not be empty: the mean of 0 pairs is undefined");
    }
    Map<RougeType, RougeScore> out = new EnumMap<>(RougeType.class);
    for (RougeType type : RougeType.values()) {
      double p = 0;
      double r = 0;
      double f = 0;
      for (Map<RougeType, RougeScore> s : scores) {
        RougeScore x = s.get(type);
        p += x.precision();
        r += x.recall();
        f += x.fmeasure();
      }
      int n = scores.size();
      out.put(type, new RougeScore(Math.min(1, p / n), Math.min(1, r / n), Math.min(1, f / n)));
    }
    return Collections.unmodifiableMap(out);
  }

  private List<List<String>> sentences(String text) {
    List<List<String>> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      if (!line.isEmpty()) {
        out.add(tokenize(line, stemmer));
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return out;
  }

  private static RougeScore ngramScore(List<String> target, List<String> prediction, int n) {
    Map<String, Integer> t = ngrams(target, n);
    Map<String, Integer> p = ngrams(prediction, n);
    long overlap = 0;
    for (Map.Entry<String, Integer> e : t.entrySet()) {
      Integer c = p.get(e.getKey());
      if (c != null) {
        overlap += Math.min(c, e.getValue());
      }
    }
    long tCount = Math.max(0, target.size() - n + 1);
    long pCount = Math.max(0, prediction.size() - n + 1);
    return RougeScore.of((double) overlap / Math.max(pCount, 1), (double) overlap / Math.max(tCount, 1));
  }

  private static Map<String, Integer> ngrams(List<String> tokens, int n) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      String key = n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n));
      m.merge(key, 1, Integer::sum);
    }
    return m;
  }

  private static int[][] lcsTable(List<String> ref, List<String> can) {
    int rows = ref.size();
    int cols = can.size();
    int[][] t = new int[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      String r = ref.get(i - 1);
      for (int j = 1; j <= cols; j++) {
        t[i][j] = r.equals(can.get(j - 1)) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
      }
    }
    return t;
  }

  static int lcsLength(List<String> ref, List<String> can) {
    // Two rolling rows: the benchmark path (ROUGE-L) needs no back-tracking.
    int cols = can.size();
    int[] prev = new int[cols + 1];
    int[] cur = new int[cols + 1];
    for (String r : ref) {
      for (int j = 1; j <= cols; j++) {
        cur[j] = r.equals(can.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[cols];
  }

  private static RougeScore lcsScore(List<String> target, List<String> prediction) {
    if (target.isEmpty() || prediction.isEmpty()) {
      return RougeScore.ZERO;
    }
    int lcs = lcsLength(target, prediction);
    return RougeScore.of((double) lcs / prediction.size(), (double) lcs / target.size());
  }

  /** ROUGE 1.5.5 summary-level LCS: union LCS per reference sentence, without double counting tokens. */
  private static RougeScore summaryLcsScore(List<List<String>> ref, List<List<String>> can) {
    if (ref.isEmpty() || can.isEmpty()) {
      return RougeScore.ZERO;
    }
    long m = 0;
    long n = 0;
    Map<String, Integer> refCounts = new HashMap<>();
    Map<String, Integer> canCounts = new HashMap<>();
    for (List<String> s : ref) {
      m += s.size();
      s.forEach(t -> refCounts.merge(t, 1, Integer::sum));
    }
    for (List<String> s : can) {
      n += s.size();
      s.forEach(t -> canCounts.merge(t, 1, Integer::sum));
    }
    if (m == 0 || n == 0) {
      return RougeScore.ZERO;
    }
    long hits = 0;
    for (List<String> r : ref) {
      TreeSet<Integer> union = new TreeSet<>();
      for (List<String> c : can) {
        union.addAll(lcsIndices(r, c));
      }
      for (int idx : union) {
        String t = r.get(idx);
        int cc = canCounts.getOrDefault(t, 0);
        int rc = refCounts.getOrDefault(t, 0);
        if (cc > 0 && rc > 0) {
          hits++;
          canCounts.put(t, cc - 1);
          refCounts.put(t, rc - 1);
        }
      }
    }
    return RougeScore.of((double) hits / n, (double) hits / m);
  }

  /** Indices into {@code ref} of one LCS, back-tracked as rouge-score does (prefer moving up on ties). */
  private static List<Integer> lcsIndices(List<String> ref, List<String> can) {
    int[][] t = lcsTable(ref, can);
    int i = ref.size();
    int j = can.size();
    List<Integer> out = new ArrayList<>();
    while (i > 0 && j > 0) {
      if (ref.get(i - 1).equals(can.get(j - 1))) {
        out.add(i - 1);
        i--;
        j--;
      } else if (t[i][j - 1] > t[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
    Collections.reverse(out);
    return out;
  }
}
