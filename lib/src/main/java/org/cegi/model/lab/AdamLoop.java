package org.cegi.model.lab;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * The training loop both lab trainers run: random batches, Adam with linear warm-up over 5 % of the steps and cosine
 * decay to 10 % of the peak, global gradient-norm clipping at 1, and skipping of steps whose loss or gradient is not
 * finite (giving up when more than max(3, 5 %) of the steps are).
 */
final class AdamLoop {
  private static final double MAX_GRAD_NORM = 1.0;

  private AdamLoop() {}

  /**
   * Runs {@code steps} Adam steps over {@code trainable}.
   *
   * @param loss the mean loss of a batch, computed with arrays of the given step manager
   * @param what names the training in the divergence error ("training", "vision training")
   * @return the mean loss over the last 10 % of the steps (NaN when all of them were skipped)
   */
  static <S> double run(Engine engine, NDManager root, Map<String, NDArray> trainable, List<S> data, int steps,
      int batchSize, double lr, Random random, BiFunction<NDManager, List<S>, NDArray> loss, IntConsumer onStep,
      String what) {
    int warm = Math.max(1, steps / 20);
    Adam adam = Adam.builder()
        .optLearningRateTracker((id, n) -> {
          double t = Math.min(1.0, (double) n / warm);
          double progress = Math.min(1.0, Math.max(0.0, (double) (n - warm) / Math.max(1, steps - warm)));
          return (float) (lr * t * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
        })
        .build();
    double tail = 0;
    int tailCount = 0;
    int skipped = 0;
    for (int step = 0; step < steps; step++) {
      List<S> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        batch.add(data.get(random.nextInt(data.size())));
      }
      try (NDManager sm = root.newSubManager()) {
        float value;
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray l = loss.apply(sm, batch);
          gc.backward(l);
          value = l.getFloat();
        }
        // Global gradient-norm clipping at 1 (Adam alone lets a LoRA run blow up near the peak learning rate).
        List<NDArray> grads = new ArrayList<>();
        double sq = 0;
        for (NDArray w : trainable.values()) {
          NDArray g = w.getGradient();
          g.attach(sm);
          grads.add(g);
          sq += g.mul(g).sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        if (!Float.isFinite(value) || !Double.isFinite(norm)) {
          // Skip a step whose loss or gradient overflowed (as loss-scaled training does) and clear the gradients;
          // give up when it keeps happening.
          for (NDArray g : grads) {
            g.set(new NDIndex("..."), 0f);
          }
          skipped++;
          if (skipped > Math.max(3, steps / 20)) {
            throw new IllegalStateException(what + " diverged: " + skipped + " steps up to step " + step
                + " had a non-finite loss (" + value + ") or gradient norm (" + norm + "); lower the learning rate "
                + lr);
          }
          onStep.accept(step);
          continue;
        }
        int gi = 0;
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
          NDArray g = grads.get(gi++);
          if (norm > MAX_GRAD_NORM) {
            g.muli((float) (MAX_GRAD_NORM / norm));
          }
          adam.update(e.getKey(), e.getValue(), g);
          g.muli(0);
        }
        if (step >= steps - Math.max(1, steps / 10)) {
          tail += value;
          tailCount++;
        }
      }
      onStep.accept(step);
    }
    return tailCount == 0 ? Double.NaN : tail / tailCount;
  }
}
