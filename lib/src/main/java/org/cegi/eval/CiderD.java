package org.cegi.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** A caption as sorted n-gram keys with tf-idf values, norms per order, and its bigram count. */
  private record Vec(long[] keys, double[] values, double[] norm, int length) {}

  @Override
  public Result score(List<CaptionImage> tokenized) {
    CocoCaptionEval.checkImages(tokenized);
    NgramKeys vocab = new NgramKeys();
    int images = tokenized.size();
    int[][] testIds = new int[images][];
    int[][][] refIds = new int[images][][];
    for (int i = 0; i < images; i++) {
      CaptionImage img = tokenized.get(i);
      testIds[i] = vocab.ids(PyText.split(img.candidate()));
      refIds[i] = new int[img.references().size()][];
      for (int k = 0; k < refIds[i].length; k++) {
        refIds[i][k] = vocab.ids(PyText.split(img.references().get(k)));
      }
    }
    boolean packed = vocab.packed();
    NgramKeys.Counts[] tests = new NgramKeys.Counts[images];
    NgramKeys.Counts[][] refs = new NgramKeys.Counts[images][];
    LongIntMap df = new LongIntMap(1 << 16);
    for (int i = 0; i < images; i++) {
      tests[i] = NgramKeys.Counts.of(vocab.keys(testIds[i], N, packed));
      refs[i] = new NgramKeys.Counts[refIds[i].length];
      long[] all = new long[0];
      for (int k = 0; k < refIds[i].length; k++) {
        long[] keys = vocab.keys(refIds[i][k], N, packed);
        refs[i][k] = NgramKeys.Counts.of(keys);
        long[] merged = Arrays.copyOf(all, all.length + keys.length);
        System.arraycopy(keys, 0, merged, all.length, keys.length);
        all = merged;
      }
      Arrays.sort(all);
      for (int j = 0; j < all.length; j++) {
        if (j == 0 || all[j] != all[j - 1]) {
          df.increment(all[j]);
        }
      }
    }
    double refLen = Math.log(images);
    List<Map<String, Double>> perImage = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < images; i++) {
      Vec hyp = vector(tests[i], df, refLen);
      double[] score = new double[N];
      for (NgramKeys.Counts ref : refs[i]) {
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
      avg /= refs[i].length;
      avg *= 10.0;
      sum += avg;
      perImage.add(Map.of("CIDEr", avg));
    }
    Map<String, Double> corpus = new LinkedHashMap<>();
    corpus.put("CIDEr", images == 0 ? 0.0 : sum / images);
    return new Result(corpus, perImage);
  }

  private static Vec vector(NgramKeys.Counts counts, LongIntMap df, double refLen) {
    int size = counts.size();
    long[] keys = Arrays.copyOf(counts.keys(), size);
    double[] values = new double[size];
    double[] norm = new double[N];
    int length = 0;
    for (int j = 0; j < size; j++) {
      int n = NgramKeys.order(keys[j]) - 1;
      double d = Math.log(Math.max(1.0, df.get(keys[j])));
      double v = counts.counts()[j] * (refLen - d);
      values[j] = v;
      norm[n] += v * v;
      if (n == 1) {
        length += counts.counts()[j];
      }
    }
    for (int n = 0; n < N; n++) {
      norm[n] = Math.sqrt(norm[n]);
    }
    return new Vec(keys, values, norm, length);
  }

  private static double[] sim(Vec hyp, Vec ref) {
    double delta = hyp.length - ref.length;
    double[] val = new double[N];
    // Both key arrays are sorted: a merge finds the n-grams they share (others contribute 0).
    int i = 0;
    int j = 0;
    while (i < hyp.keys.length && j < ref.keys.length) {
      long a = hyp.keys[i];
      long b = ref.keys[j];
      if (a == b) {
        double rv = ref.values[j];
        val[NgramKeys.order(a) - 1] += Math.min(hyp.values[i], rv) * rv;
        i++;
        j++;
      } else if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    double penalty = Math.pow(Math.E, -(delta * delta) / (2 * SIGMA * SIGMA));
    for (int n = 0; n < N; n++) {
      if (hyp.norm[n] != 0 && ref.norm[n] != 0) {
        val[n] /= hyp.norm[n] * ref.norm[n];
      }
      val[n] *= penalty;
    }
    return val;
  }

  /** Open-addressing map from n-gram key to document frequency. */
  private static final class LongIntMap {
    private long[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    LongIntMap(int capacity) {
      keys = new long[capacity];
      values = new int[capacity];
      used = new boolean[capacity];
    }

    private int slot(long key, long[] ks, boolean[] us) {
      int mask = ks.length - 1;
      int h = (int) (key ^ (key >>> 29) ^ (key >>> 47)) * 0x9E3779B9;
      int i = h & mask;
      while (us[i] && ks[i] != key) {
        i = (i + 1) & mask;
      }
      return i;
    }

    void increment(long key) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int i = slot(key, keys, used);
      if (!used[i]) {
        used[i] = true;
        keys[i] = key;
        size++;
      }
      values[i]++;
    }

    int get(long key) {
      int i = slot(key, keys, used);
      return used[i] ? values[i] : 0;
    }

    private void grow() {
      long[] ks = new long[keys.length * 2];
      int[] vs = new int[keys.length * 2];
      boolean[] us = new boolean[keys.length * 2];
      for (int i = 0; i < keys.length; i++) {
        if (used[i]) {
          int s = slot(keys[i], ks, us);
          us[s] = true;
          ks[s] = keys[i];
          vs[s] = values[i];
        }
      }
      keys = ks;
      values = vs;
      used = us;
    }
  }
}
