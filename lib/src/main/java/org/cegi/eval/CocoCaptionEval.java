package org.cegi.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cegi.internal.Check;

/**
 * The COCO caption evaluation flow of pycocoevalcap 1.2 ({@code COCOEvalCap.evaluate}): tokenize the references,
 * then the candidates, with the PTB tokenizer (see {@link PtbTokenizer}) and drop punctuation tokens; then run
 * BLEU-1..4, ROUGE-L and CIDEr-D (and any added {@link CaptionMetric}) on the set.
 *
 * <pre>{@code
 * List<CaptionImage> images = List.of(new CaptionImage("42", "A dog runs.", List.of("A dog is running.")), ...);
 * CocoCaptionEval.Evaluation e = CocoCaptionEval.standard().evaluate(images);
 * double cider = e.scores().get("CIDEr");
 * CocoCaptionEval.Evaluation p = CocoCaptionEval.standard().evaluatePretokenized(alreadyTokenized);
 * }</pre>
 */
public final class CocoCaptionEval {
  private final List<CaptionMetric> metrics;

  private CocoCaptionEval(List<CaptionMetric> metrics) {
    this.metrics = List.copyOf(metrics);
  }

  /** BLEU-1..4, ROUGE-L and CIDEr-D, as COCOEvalCap without METEOR and SPICE. */
  public static CocoCaptionEval standard() {
    return builder().build();
  }

  /** A builder starting with the three built-in metrics. */
  public static Builder builder() {
    return new Builder();
  }

  /** The metrics this evaluation runs, in order. */
  public List<CaptionMetric> metrics() {
    return metrics;
  }

  /**
   * Result of an evaluation.
   *
   * @param tokenized the captions as scored (after tokenization)
   * @param scores the corpus value of every metric name, e.g. {@code Bleu_4}, {@code ROUGE_L}, {@code CIDEr}
   * @param perImage per image, in input order, the value of every metric name
   */
  public record Evaluation(
      List<CaptionImage> tokenized, Map<String, Double> scores, List<Map<String, Double>> perImage) {
    public Evaluation {
      tokenized = List.copyOf(tokenized);
      scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
      perImage = perImage.stream().map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
    }
  }

  /** Tokenizes raw captions with the PTB tokenizer, then scores. */
  public Evaluation evaluate(List<CaptionImage> images) {
    return evaluatePretokenized(tokenize(images));
  }

  /**
   * The tokenization step alone: references of all images in one run, candidates in another, as
   * {@code COCOEvalCap} does (the PTB tokenizer keeps no state between lines, so this only fixes the order).
   */
  public static List<CaptionImage> tokenize(List<CaptionImage> images) {
    checkImages(images);
    List<CaptionImage> out = new ArrayList<>(images.size());
    for (CaptionImage img : images) {
      List<String> refs = new ArrayList<>();
      for (String r : img.references()) {
        refs.add(PtbTokenizer.tokenizeCaption(r));
      }
      out.add(new CaptionImage(img.imageId(), PtbTokenizer.tokenizeCaption(img.candidate()), refs));
    }
    return out;
  }

  /** Scores captions that are already tokenized (lowercase, punctuation removed, single spaces). */
  public Evaluation evaluatePretokenized(List<CaptionImage> tokenized) {
    checkImages(tokenized);
    Map<String, Double> scores = new LinkedHashMap<>();
    List<Map<String, Double>> perImage = new ArrayList<>();
    for (int i = 0; i < tokenized.size(); i++) {
      perImage.add(new LinkedHashMap<>());
    }
    for (CaptionMetric m : metrics) {
      CaptionMetric.Result r = m.score(tokenized);
      if (r.perImage().size() != tokenized.size()) {
        throw new IllegalStateException("metric " + m.names() + " returned " + r.perImage().size()
            + " per-image values for " + tokenized.size() + " images");
      }
      scores.putAll(r.corpus());
      for (int i = 0; i < tokenized.size(); i++) {
        perImage.get(i).putAll(r.perImage().get(i));
      }
    }
    return new Evaluation(tokenized, scores, perImage);
  }

  /**
   * The checks every caption scorer applies to a set: no nulls, at least one image, each image id once (CIDEr-D's
   * idf comes from the set, so a repeated image would change every score).
   */
  static void checkImages(List<CaptionImage> images) {
    Check.noNulls("images", images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images must not be empty: a caption set needs at least one image");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      if (!ids.add(images.get(i).imageId())) {
        throw new IllegalArgumentException("images[" + i + "] repeats image id " + images.get(i).imageId()
            + "; give each image once with all its references");
      }
    }
  }

  /** Configuration: the metrics to run. */
  public static final class Builder {
    private final List<CaptionMetric> metrics =
        new ArrayList<>(List.of(new CocoBleu(), new CocoRougeL(), new CiderD()));

    private Builder() {}

    /** Adds a metric (e.g. an adapter to METEOR or SPICE) after the built-in ones. */
    public Builder metric(CaptionMetric metric) {
      metrics.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    public CocoCaptionEval build() {
      return new CocoCaptionEval(metrics);
    }
  }
}
