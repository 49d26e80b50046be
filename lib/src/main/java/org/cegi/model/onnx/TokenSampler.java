package org.cegi.model.onnx;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cegi.model.GenerationOptions;

/** Picks the next token from logits: arg max, or a sample after temperature, top-k and top-p. */
final class TokenSampler {
  private final GenerationOptions options;
  private final SplittableRandom random;

  TokenSampler(GenerationOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  int next(org.cegi.model.DecoderStep step, int row) {
    return options.sample() ? next(step.lastLogits(row)) : step.argMaxLast(row);
  }

  int next(float[] logits) {
    if (!options.sample()) {
      return argMax(logits);
    }
    int v = logits.length;
    Integer[] order = null;
    int keep = v;
    double t = options.temperature();
    double max = Double.NEGATIVE_INFINITY;
    for (float f : logits) {
      max = Math.max(max, f);
    }
    double[] p = new double[v];
    double sum = 0;
    for (int i = 0; i < v; i++) {
      p[i] = Math.exp((logits[i] - max) / t);
      sum += p[i];
    }
    for (int i = 0; i < v; i++) {
      p[i] /= sum;
    }
    if (options.topK() > 0 || options.topP() < 1.0) {
      order = new Integer[v];
      for (int i = 0; i < v; i++) {
        order[i] = i;
      }
      final double[] probs = p;
      Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : Double.compare(probs[b], probs[a]) != 0
          ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
      if (options.topK() > 0) {
        keep = Math.min(keep, options.topK());
      }
      if (options.topP() < 1.0) {
        double acc = 0;
        for (int i = 0; i < keep; i++) {
          acc += p[order[i]];
          if (acc >= options.topP()) {
            keep = i + 1;
            break;
          }
        }
      }
      double kept = 0;
      for (int i = 0; i < keep; i++) {
        kept += p[order[i]];
      }
      double r = random.nextDouble() * kept;
      for (int i = 0; i < keep; i++) {
        r -= p[order[i]];
        if (r <= 0) {
          return order[i];
        }
      }
      return order[keep - 1];
    }
    double r = random.nextDouble();
    for (int i = 0; i < v; i++) {
      r -= p[i];
      if (r <= 0) {
        return i;
      }
    }
    return argMax(logits);
  }

  static int argMax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
