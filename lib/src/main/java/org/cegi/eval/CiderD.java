package org.cegi.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cegi.internal.Check;

/**
 * CIDEr-D as pycocoevalcap 1.2's {@code Cider()} computes it on tokenized captions: n-grams 1..4 weighted by
 * tf-idf with document frequencies from the references of the scored set (so a one-image set scores 0),
 * clipped cosine similarity per order, a Gaussian length penalty with sigma = 6 (on the bigram count, as the
 * reference does), the mean over orders and references, times 10; the corpus value is the mean over images.
 */
public final class CiderD implements CaptionMetric {
  private static final int N = 4;
  private static final double SIGMA = 6.0;

  @Override
  public List<String> names() {
    return List.of("CIDEr");
  }

  /** A caption as tf-idf vectors per order, their norms, and the reference's "length" (bigram count). */
  private record Vec(List<Map<String, Double>> vec, double[] norm, int length) {}

  @Override
  public Result score(List<CaptionImage> tokenized) {
    Check.noNulls("images", tokenized);
    List<Map<String, Integer>> tests = new ArrayList<>(tokenized.size());
    List<List<Map<String, Integer>>> refs = new ArrayList<>(tokenized.size());
    Map<String, Integer> df = new HashMap<>();
    for (CaptionImage img : tokenized) {
      tests.add(Bleu.ngrams(PyText.split(img.candidate())));
      List<Map<String, Integer>> r = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String ref : img.references()) {
        Map<String, Integer> counts = Bleu.ngrams(PyText.split(ref));
        r.add(counts);
        seen.addAll(counts.keySet());
      }
      for (String g : seen) {
        df.merge(g, 1, Integer::sum);
      }
      refs.add(r);
    }
    double refLen = Math.log(tokenized.size());
    List<Map<String, Double>> perImage = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < tokenized.size(); i++) {
      Vec hyp = vector(tests.get(i), df, refLen);
      double[] score = new double[N];
      for (Map<String, Integer> ref : refs.get(i)) {
        double[] s = sim(hyp, vector(ref, df, refLen));
        for (int n = 0; n < N; n++) {
          score[n] += s[n];
        }
      }
      double avg = 0;
      for (int n = 0; n < N; n++) {
        avg += score[n];
      }
      avg /= N;
      avg /= refs.get(i).size();
      avg *= 10.0;
      sum += avg;
      perImage.add(Map.of("CIDEr", avg));
    }
    Map<String, Double> corpus = new LinkedHashMap<>();
    corpus.put("CIDEr", tokenized.isEmpty() ? 0.0 : sum / tokenized.size());
    return new Result(corpus, perImage);
  }

  private static Vec vector(Map<String, Integer> counts, Map<String, Integer> df, double refLen) {
    List<Map<String, Double>> vec = new ArrayList<>(N);
    for (int n = 0; n < N; n++) {
      vec.add(new HashMap<>());
    }
    double[] norm = new double[N];
    int length = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String g = e.getKey();
      int n = order(g) - 1;
      double d = Math.log(Math.max(1.0, df.getOrDefault(g, 0)));
      double v = e.getValue() * (refLen - d);
      vec.get(n).put(g, v);
      norm[n] += v * v;
      if (n == 1) {
        length += e.getValue();
      }
    }
    for (int n = 0; n < N; n++) {
      norm[n] = Math.sqrt(norm[n]);
    }
    return new Vec(vec, norm, length);
  }

  private static double[] sim(Vec hyp, Vec ref) {
    double delta = hyp.length - ref.length;
    double[] val = new double[N];
    double penalty = Math.pow(Math.E, -(delta * delta) / (2 * SIGMA * SIGMA));
    for (int n = 0; n < N; n++) {
      Map<String, Double> r = ref.vec.get(n);
      for (Map.Entry<String, Double> e : hyp.vec.get(n).entrySet()) {
        double rv = r.getOrDefault(e.getKey(), 0.0);
        val[n] += Math.min(e.getValue(), rv) * rv;
      }
      if (hyp.norm[n] != 0 && ref.norm[n] != 0) {
        val[n] /= hyp.norm[n] * ref.norm[n];
      }
      val[n] *= penalty;
    }
    return val;
  }

  private static int order(String ngram) {
    int n = 1;
    for (int i = 0; i < ngram.length(); i++) {
      if (ngram.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }
}
