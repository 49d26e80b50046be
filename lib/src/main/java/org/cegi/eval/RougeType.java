package org.cegi.eval;

/** The ROUGE variants {@code rouge-score} computes, with its names. */
public enum RougeType {
  /** Unigram overlap. */
  ROUGE1("rouge1"),
  /** Bigram overlap. */
  ROUGE2("rouge2"),
  /** Longest common subsequence over the whole text. */
  ROUGE_L("rougeL"),
  /** Summary-level union LCS over newline-separated sentences. */
  ROUGE_LSUM("rougeLsum");

  private final String label;

  RougeType(String label) {
    this.label = label;
  }

  /** The name {@code rouge-score} uses ({@code rouge1}, {@code rouge2}, {@code rougeL}, {@code rougeLsum}). */
  public String label() {
    return label;
  }

  /** The type with the given {@code rouge-score} name. */
  public static RougeType of(String label) {
    for (RougeType t : values()) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown ROUGE type \"" + label + "\"; use one of rouge1, rouge2, rougeL, rougeLsum");
  }
}
