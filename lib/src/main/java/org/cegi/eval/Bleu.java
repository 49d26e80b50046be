package org.cegi.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cegi.internal.Check;

/**
 * BLEU with the semantics of sacreBLEU 2.x ({@code sacrebleu.BLEU}): the {@code 13a} tokenizer or none,
 * optional lowercasing, clipped n-gram counts against the per-n-gram maximum over the references, the closest
 * reference length (shorter one on ties), brevity penalty and the four smoothing methods. Results agree with
 * sacreBLEU 2.6.0 to the last digit on the golden vectors.
 *
 * <pre>{@code
 * BleuScore corpus = Bleu.corpus(hypotheses, references);   // references.get(i): the references of hypothesis i
 * BleuScore one = Bleu.sentence("The cat sat.", List.of("The cat sat down.", "A cat sat."));
 * BleuScore lc = Bleu.builder().lowercase(true).tokenize(Bleu.Tokenize.NONE).build().corpusScore(h, r);
 * System.out.println(corpus.formatted() + "  " + corpus.signature());
 * }</pre>
 *
 * <p>References are given per segment (a list of references for each hypothesis, of any positive size). The
 * sacreBLEU layout of reference streams, with {@code null} for an absent reference, converts with
 * {@link #segmentsFromStreams(List)}.
 */
public final class Bleu {

  /** Version stamp printed in the signature's {@code version:} field. */
  public static final String VERSION = "cegi-2.6.0";

  /** The tokenizers sacreBLEU offers that this implementation supports. */
  public enum Tokenize {
    /** mteval-v13a, sacreBLEU's default. */
    THIRTEEN_A("13a"),
    /** Whitespace split only. */
    NONE("none");

    private final String label;

    Tokenize(String label) {
      this.label = label;
    }

    /** The name sacreBLEU uses ({@code 13a}, {@code none}). */
    public String label() {
      return label;
    }
  }

  /** Smoothing methods of sacreBLEU. */
  public enum Smooth {
    NONE("none", 0.0),
    FLOOR("floor", 0.1),
    ADD_K("add-k", 1.0),
    EXP("exp", 0.0);

    private final String label;
    private final double defaultValue;

    Smooth(String label, double defaultValue) {
      this.label = label;
      this.defaultValue = defaultValue;
    }

    public String label() {
      return label;
    }
  }

  private static final int MAX_ORDER = 4;
  private static final Bleu CORPUS_DEFAULT = builder().build();
  private static final Bleu SENTENCE_DEFAULT = builder().effectiveOrder(true).build();

  private final Tokenize tokenize;
  private final boolean lowercase;
  private final Smooth smooth;
  private final double smoothValue;
  private final boolean effectiveOrder;

  private Bleu(Builder b) {
    this.tokenize = b.tokenize;
    this.lowercase = b.lowercase;
    this.smooth = b.smooth;
    this.smoothValue = Double.isNaN(b.smoothValue) ? b.smooth.defaultValue : b.smoothValue;
    this.effectiveOrder = b.effectiveOrder;
  }

  /** A builder with sacreBLEU's defaults: 13a, case-sensitive, exponential smoothing, no effective order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Corpus BLEU with sacreBLEU's defaults. {@code references.get(i)} holds the references of hypothesis i. */
  public static BleuScore corpus(List<String> hypotheses, List<List<String>> references) {
    return CORPUS_DEFAULT.corpusScore(hypotheses, references);
  }

  /** Sentence BLEU as {@code sacrebleu.sentence_bleu}: defaults plus effective order. */
  public static BleuScore sentence(String hypothesis, List<String> references) {
    return SENTENCE_DEFAULT.sentenceScore(hypothesis, references);
  }

  /**
   * Converts sacreBLEU reference streams ({@code streams.get(k).get(i)} = k-th reference of segment i, {@code null}
   * when segment i has no k-th reference) into per-segment reference lists.
   *
   * @throws IllegalArgumentException when the streams differ in length
   */
  public static List<List<String>> segmentsFromStreams(List<List<String>> streams) {
    Check.noNulls("streams", streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("streams must hold at least one reference stream, got 0");
    }
    int n = streams.get(0).size();
    for (int k = 1; k < streams.size(); k++) {
      if (streams.get(k).size() != n) {
        throw new IllegalArgumentException(
            "reference stream " + k + " has " + streams.get(k).size() + " segments but stream 0 has " + n
                + "; every stream needs one entry (or null) per hypothesis");
      }
    }
    List<List<String>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<String> refs = new ArrayList<>();
      for (List<String> stream : streams) {
        String r = stream.get(i);
        if (r != null) {
          refs.add(r);
        }
      }
      out.add(refs);
    }
    return out;
  }

  /** Sentence score: the corpus score of one segment with this configuration. */
  public BleuScore sentenceScore(String hypothesis, List<String> references) {
    Check.notNull("hypothesis", hypothesis);
    return corpusScore(List.of(hypothesis), List.of(Check.noNulls("references", references)));
  }

  /**
   * Corpus BLEU of {@code hypotheses} against {@code references} (one list of references per hypothesis).
   *
   * @throws IllegalArgumentException on mismatched sizes, a null, or a segment without references
   */
  public BleuScore corpusScore(List<String> hypotheses, List<List<String>> references) {
    checkInputs(hypotheses, references);
    long[] correct = new long[MAX_ORDER];
    long[] total = new long[MAX_ORDER];
    long sysLen = 0;
    long refLen = 0;
    int nrefs = -2;
    for (int i = 0; i < hypotheses.size(); i++) {
      List<String> refs = references.get(i);
      nrefs = nrefs == -2 ? refs.size() : (nrefs == refs.size() ? nrefs : -1);
      // Word ids are local to the segment: the hypothesis and its references share one vocabulary.
      NgramKeys vocab = new NgramKeys();
      int[] hyp = vocab.ids(tokens(hypotheses.get(i)));
      int[][] refIds = new int[refs.size()][];
      int closest = -1;
      int closestDiff = -1;
      for (int k = 0; k < refs.size(); k++) {
        refIds[k] = vocab.ids(tokens(refs.get(k)));
        int len = refIds[k].length;
        int diff = Math.abs(hyp.length - len);
        if (closestDiff == -1 || diff < closestDiff) {
          closestDiff = diff;
          closest = len;
        } else if (diff == closestDiff && len < closest) {
          closest = len;
        }
      }
      boolean packed = vocab.packed();
      NgramKeys.Counts h = NgramKeys.Counts.of(vocab.keys(hyp, MAX_ORDER, packed));
      NgramKeys.Counts[] r = new NgramKeys.Counts[refs.size()];
      for (int k = 0; k < refs.size(); k++) {
        r[k] = NgramKeys.Counts.of(vocab.keys(refIds[k], MAX_ORDER, packed));
      }
      sysLen += hyp.length;
      refLen += closest;
      for (int j = 0; j < h.size(); j++) {
        long key = h.keys()[j];
        int order = NgramKeys.order(key);
        int count = h.counts()[j];
        total[order - 1] += count;
        int max = 0;
        for (NgramKeys.Counts rc : r) {
          max = Math.max(max, rc.get(key));
        }
        correct[order - 1] += Math.min(count, max);
      }
    }
    return compute(correct, total, sysLen, refLen, nrefs);
  }

  private static void checkInputs(List<String> hypotheses, List<List<String>> references) {
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
    for (int i = 0; i < references.size(); i++) {
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
    }
  }

  private BleuScore compute(long[] correct, long[] total, long sysLen, long refLen, int nrefs) {
    double bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0) : 1.0;
    double[] precisions = new double[MAX_ORDER];
    double score;
    boolean anyMatch = false;
    for (long c : correct) {
      anyMatch |= c != 0;
    }
    if (!anyMatch) {
      score = 0.0;
    } else {
      double smoothMteval = 1.0;
      int effOrder = MAX_ORDER;
      for (int n = 1; n <= MAX_ORDER; n++) {
        if (smooth == Smooth.ADD_K && n > 1) {
          correct[n - 1] += (long) smoothValue;
          total[n - 1] += (long) smoothValue;
        }
        if (total[n - 1] == 0) {
          break;
        }
        if (effectiveOrder) {
          effOrder = n;
        }
        if (correct[n - 1] == 0) {
          if (smooth == Smooth.EXP) {
            smoothMteval *= 2;
            precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
          } else if (smooth == Smooth.FLOOR) {
            precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
          }
        } else {
          precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
        }
      }
      double sum = 0.0;
      for (int i = 0; i < effOrder; i++) {
        sum += precisions[i] == 0.0 ? -9999999999.0 : Math.log(precisions[i]);
      }
      score = bp * Math.exp(sum / effOrder);
    }
    double ratio = refLen != 0 ? (double) sysLen / refLen : 0.0;
    List<Long> c = new ArrayList<>();
    List<Long> t = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    for (int i = 0; i < MAX_ORDER; i++) {
      c.add(correct[i]);
      t.add(total[i]);
      p.add(precisions[i]);
    }
    return new BleuScore(score, c, t, p, bp, ratio, sysLen, refLen, signature(nrefs));
  }

  private String signature(int nrefs) {
    return "nrefs:" + (nrefs < 0 ? "var" : Integer.toString(nrefs))
        + "|case:" + (lowercase ? "lc" : "mixed")
        + "|eff:" + (effectiveOrder ? "yes" : "no")
        + "|tok:" + tokenize.label()
        + "|smooth:" + smooth.label()
        + "|version:" + VERSION;
  }

  private List<String> tokens(String segment) {
    String s = lowercase ? PyText.lower(segment) : segment;
    s = PyText.rstrip(s);
    return tokenize == Tokenize.THIRTEEN_A ? Tokenizer13a.tokenize(s) : PyText.split(s);
  }

  @Override
  public String toString() {
    return "Bleu[" + signature(1).replace("nrefs:1|", "") + "]";
  }

  /** Configuration of a {@link Bleu} scorer. */
  public static final class Builder {
    private Tokenize tokenize = Tokenize.THIRTEEN_A;
    private boolean lowercase;
    private Smooth smooth = Smooth.EXP;
    private double smoothValue = Double.NaN;
    private boolean effectiveOrder;

    private Builder() {}

    public Builder tokenize(Tokenize tokenize) {
      this.tokenize = Objects.requireNonNull(tokenize, "tokenize");
      return this;
    }

    public Builder lowercase(boolean lowercase) {
      this.lowercase = lowercase;
      return this;
    }

    /** Smoothing method; {@code floor} and {@code add-k} use sacreBLEU's default values (0.1 and 1). */
    public Builder smooth(Smooth smooth) {
      this.smooth = Objects.requireNonNull(smooth, "smooth");
      return this;
    }

    /** The value for {@code floor} or {@code add-k} smoothing. */
    public Builder smoothValue(double value) {
      this.smoothValue = Check.nonNegative("smoothValue", value);
      return this;
    }

    /** Use the highest n-gram order the hypothesis has (sentence BLEU). */
    public Builder effectiveOrder(boolean effectiveOrder) {
      this.effectiveOrder = effectiveOrder;
      return this;
    }

    public Bleu build() {
      return new Bleu(this);
    }
  }
}
