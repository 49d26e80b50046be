package org.cegi.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * A caption metric that scores a set of already tokenized captions, as a pycocoevalcap scorer's
 * {@code compute_score(gts, res)} does. {@link CocoCaptionEval} runs a list of them; BLEU-1..4
 * ({@link CocoBleu}), ROUGE-L ({@link CocoRougeL}) and CIDEr-D ({@link CiderD}) are built in.
 *
 * <p>METEOR 1.5 and SPICE 1.0 are not built in: both need jars and data (METEOR's paraphrase table, SPICE's
 * CoreNLP models) that cannot be obtained here. An adapter that calls them implements this interface and is
 * passed to {@link CocoCaptionEval.Builder#metric(CaptionMetric)}.
 */
public interface CaptionMetric {

  /** Names of the values this metric reports, e.g. {@code Bleu_1}..{@code Bleu_4}. */
  List<String> names();

  /** Scores the tokenized captions of a whole set (the set matters: CIDEr-D's idf comes from it). */
  Result score(List<CaptionImage> tokenized);

  /**
   * Corpus values and per-image values, both keyed by the names of {@link #names()}.
   *
   * @param corpus the set-level value of each name
   * @param perImage one map per image, in input order
   */
  record Result(Map<String, Double> corpus, List<Map<String, Double>> perImage) {
    public Result {
      corpus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Check.notNull("corpus", corpus)));
      perImage = Check.noNulls("perImage", perImage).stream()
          .map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)))
          .toList();
    }
  }
}
