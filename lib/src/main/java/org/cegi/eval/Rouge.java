package org.cegi.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
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
  private static final Rouge PLAIN = new Rouge(false, EnumSet.allOf(RougeType.class));
  private static final Rouge STEMMED = new Rouge(true, EnumSet.allOf(RougeType.class));

  private final boolean stemmer;
  private final Set<RougeType> types;

  private Rouge(boolean stemmer, Set<RougeType> types) {
    this.stemmer = stemmer;
    this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
  }

  /** A scorer of all four types with ({@code true}) or without Porter stemming, like {@code use_stemmer}. */
  public static Rouge withStemmer(boolean useStemmer) {
    return useStemmer ? STEMMED : PLAIN;
  }

  /** A scorer of only the given types, like {@code RougeScorer(["rougeL"], use_stemmer)}. */
  public static Rouge of(boolean useStemmer, RougeType... types) {
    if (types.length == 0) {
      throw new IllegalArgumentException("types must name at least one ROUGE type, got 0");
    }
    return new Rouge(useStemmer, EnumSet.copyOf(Arrays.asList(types)));
  }

  /** The types this scorer computes. */
  public Set<RougeType> types() {
    return types;
  }

  /** Whether this scorer stems tokens. */
  public boolean stems() {
    return stemmer;
  }

  private static final int STEM_CACHE_LIMIT = 200_000;
  private static final java.util.concurrent.ConcurrentHashMap<String, String> STEMS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Porter stem with a bounded cache (words repeat; the stemmer is pure). */
  private static String stem(String word) {
    String s = STEMS.get(word);
    if (s == null) {
      s = PorterStemmer.stem(word);
      if (STEMS.size() < STEM_CACHE_LIMIT) {
        STEMS.put(word, s);
      }
    }
    return s;
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
        tokens.add(useStemmer && t.length() > 3 ? stem(t) : t);
        b.setLength(0);
      }
    }
    // A stemmed token is lowercase ASCII letters and digits again; the final filter of rouge-score keeps all.
    return tokens;
  }

  /**
   * Scores one prediction against one target.
   *
   * @return the scorer's ROUGE types in the order of {@link RougeType}
   */
  public Map<RougeType, RougeScore> score(String target, String prediction) {
    Check.notNull("target", target);
    Check.notNull("prediction", prediction);
    Map<RougeType, RougeScore> out = new EnumMap<>(RougeType.class);
    NgramKeys vocab = new NgramKeys();
    if (types.contains(RougeType.ROUGE1) || types.contains(RougeType.ROUGE2) || types.contains(RougeType.ROUGE_L)) {
      int[] t = vocab.ids(tokenize(target, stemmer));
      int[] p = vocab.ids(tokenize(prediction, stemmer));
      if (types.contains(RougeType.ROUGE1)) {
        out.put(RougeType.ROUGE1, ngramScore(vocab, t, p, 1));
      }
      if (types.contains(RougeType.ROUGE2)) {
        out.put(RougeType.ROUGE2, ngramScore(vocab, t, p, 2));
      }
      if (types.contains(RougeType.ROUGE_L)) {
        out.put(RougeType.ROUGE_L, lcsScore(t, p));
      }
    }
    if (types.contains(RougeType.ROUGE_LSUM)) {
      List<int[]> ts = sentences(vocab, target);
      List<int[]> ps = sentences(vocab, prediction);
      out.put(RougeType.ROUGE_LSUM, summaryLcsScore(ts, ps, vocab.vocabularySize()));
    }
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
    for (RougeType type : types) {
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
    for (RougeType type : scores.get(0).keySet()) {
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
      out.put(type, new RougeScore(p / n, r / n, f / n));
    }
    return Collections.unmodifiableMap(out);
  }

  private List<int[]> sentences(NgramKeys vocab, String text) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      if (!line.isEmpty()) {
        out.add(vocab.ids(tokenize(line, stemmer)));
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return out;
  }

  private static RougeScore ngramScore(NgramKeys vocab, int[] target, int[] prediction, int n) {
    boolean packed = vocab.packed();
    NgramKeys.Counts t = NgramKeys.Counts.of(vocab.keysOfOrder(target, n, packed));
    NgramKeys.Counts p = NgramKeys.Counts.of(vocab.keysOfOrder(prediction, n, packed));
    long overlap = 0;
    for (int i = 0; i < t.size(); i++) {
      overlap += Math.min(t.counts()[i], p.get(t.keys()[i]));
    }
    long tCount = Math.max(0, target.length - n + 1);
    long pCount = Math.max(0, prediction.length - n + 1);
    return RougeScore.of((double) overlap / Math.max(pCount, 1), (double) overlap / Math.max(tCount, 1));
  }

  private static int[][] lcsTable(int[] ref, int[] can) {
    int[][] t = new int[ref.length + 1][can.length + 1];
    for (int i = 1; i <= ref.length; i++) {
      int r = ref[i - 1];
      int[] prev = t[i - 1];
      int[] cur = t[i];
      for (int j = 1; j <= can.length; j++) {
        cur[j] = r == can[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
    }
    return t;
  }

  /** LCS length with two rolling rows. */
  static int lcsLength(int[] ref, int[] can) {
    int cols = can.length;
    int[] prev = new int[cols + 1];
    int[] cur = new int[cols + 1];
    for (int r : ref) {
      for (int j = 1; j <= cols; j++) {
        cur[j] = r == can[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[cols];
  }

  /** LCS length of two token lists (compared with {@code equals}). */
  static int lcsLength(List<String> ref, List<String> can) {
    NgramKeys vocab = new NgramKeys();
    return lcsLength(vocab.ids(ref), vocab.ids(can));
  }

  private static RougeScore lcsScore(int[] target, int[] prediction) {
    if (target.length == 0 || prediction.length == 0) {
      return RougeScore.ZERO;
    }
    int lcs = lcsLength(target, prediction);
    return RougeScore.of((double) lcs / prediction.length, (double) lcs / target.length);
  }

  /** ROUGE 1.5.5 summary-level LCS: union LCS per reference sentence, without double counting tokens. */
  private static RougeScore summaryLcsScore(List<int[]> ref, List<int[]> can, int vocabularySize) {
    if (ref.isEmpty() || can.isEmpty()) {
      return RougeScore.ZERO;
    }
    long m = 0;
    long n = 0;
    int[] refCounts = new int[vocabularySize + 1];
    int[] canCounts = new int[vocabularySize + 1];
    for (int[] s : ref) {
      m += s.length;
      for (int t : s) {
        refCounts[t]++;
      }
    }
    for (int[] s : can) {
      n += s.length;
      for (int t : s) {
        canCounts[t]++;
      }
    }
    if (m == 0 || n == 0) {
      return RougeScore.ZERO;
    }
    long hits = 0;
    for (int[] r : ref) {
      boolean[] union = new boolean[r.length];
      for (int[] c : can) {
        markLcs(r, c, union);
      }
      for (int idx = 0; idx < r.length; idx++) {
        if (union[idx]) {
          int t = r[idx];
          if (canCounts[t] > 0 && refCounts[t] > 0) {
            hits++;
            canCounts[t]--;
            refCounts[t]--;
          }
        }
      }
    }
    return RougeScore.of((double) hits / n, (double) hits / m);
  }

  /** Marks the indices into {@code ref} of one LCS, back-tracked as rouge-score does (up on ties). */
  private static void markLcs(int[] ref, int[] can, boolean[] marks) {
    if (ref.length == 0 || can.length == 0) {
      return;
    }
    int[][] t = lcsTable(ref, can);
    int i = ref.length;
    int j = can.length;
    while (i > 0 && j > 0) {
      if (ref[i - 1] == can[j - 1]) {
        marks[i - 1] = true;
        i--;
        j--;
      } else if (t[i][j - 1] > t[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
  }
}
