package org.cegi.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * ROUGE-L as pycocoevalcap 1.2's {@code Rouge()} computes it on tokenized captions: tokens split on single
 * spaces, LCS against each reference, the maximum precision and the maximum recall over the references, and
 * F with beta = 1.2; the corpus value is the mean over images.
 */
public final class CocoRougeL implements CaptionMetric {
  private static final double BETA = 1.2;

  @Override
  public List<String> names() {
    return List.of("ROUGE_L");
  }

  @Override
  public Result score(List<CaptionImage> tokenized) {
    CocoCaptionEval.checkImages(tokenized);
    List<Map<String, Double>> perImage = new ArrayList<>();
    double sum = 0;
    for (CaptionImage img : tokenized) {
      double s = imageScore(img);
      sum += s;
      perImage.add(Map.of("ROUGE_L", s));
    }
    Map<String, Double> corpus = new LinkedHashMap<>();
    corpus.put("ROUGE_L", tokenized.isEmpty() ? 0.0 : sum / tokenized.size());
    return new Result(corpus, perImage);
  }

  static double imageScore(CaptionImage img) {
    List<String> c = Arrays.asList(img.candidate().split(" ", -1));
    double precMax = 0;
    double recMax = 0;
    boolean first = true;
    for (String ref : img.references()) {
      List<String> r = Arrays.asList(ref.split(" ", -1));
      int lcs = Rouge.lcsLength(r, c);
      double prec = (double) lcs / c.size();
      double rec = (double) lcs / r.size();
      precMax = first ? prec : Math.max(precMax, prec);
      recMax = first ? rec : Math.max(recMax, rec);
      first = false;
    }
    if (precMax != 0 && recMax != 0) {
      return ((1 + BETA * BETA) * precMax * recMax) / (recMax + BETA * BETA * precMax);
    }
    return 0.0;
  }
}
