package org.cegi.eval.sql;

import java.util.ArrayList;
import java.util.List;
import org.cegi.internal.Check;

/**
 * The Valid Efficiency Score of BIRD: {@code 100 × mean over queries of sqrt(time ratio)}, where the time ratio
 * is gold execution time / predicted execution time for a correct prediction and 0 otherwise. The per-query
 * ratio comes from repeated timings with BIRD's outlier cleaning (ratios outside mean ± 3 standard deviations
 * are dropped before averaging).
 *
 * <pre>{@code
 * double ratio = Ves.timeRatio(goldSeconds, predSeconds);      // repeated timings of one pair
 * double ves = Ves.score(List.of(new Ves.Query(true, ratio), new Ves.Query(false, 0)));
 * }</pre>
 */
public final class Ves {
  private Ves() {}

  /**
   * One evaluated query.
   *
   * @param correct whether the prediction's result equals the gold's
   * @param timeRatio gold time / predicted time (ignored when not correct)
   */
  public record Query(boolean correct, double timeRatio) {
    public Query {
      Check.nonNegative("timeRatio", timeRatio);
    }
  }

  /** VES on the 0–100+ scale (a prediction faster than the gold scores above 100 for its query). */
  public static double score(List<Query> queries) {
    Check.noNulls("queries", queries);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("queries must not be empty: VES of 0 queries is undefined");
    }
    double total = 0;
    for (Query q : queries) {
      if (q.correct() && q.timeRatio() != 0) {
        total += Math.sqrt(q.timeRatio()) * 100;
      }
    }
    return total / queries.size();
  }

  /**
   * The time ratio of one pair from repeated timings (seconds): per-run ratios gold/pred, outliers beyond
   * mean ± 3 σ (population) removed, then the mean.
   */
  public static double timeRatio(List<Double> goldSeconds, List<Double> predSeconds) {
    Check.noNulls("goldSeconds", goldSeconds);
    Check.noNulls("predSeconds", predSeconds);
    if (goldSeconds.size() != predSeconds.size() || goldSeconds.isEmpty()) {
      throw new IllegalArgumentException("goldSeconds and predSeconds must have the same, positive size, got "
          + goldSeconds.size() + " and " + predSeconds.size());
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < goldSeconds.size(); i++) {
      Check.positive("predSeconds[" + i + "]", predSeconds.get(i));
      ratios.add(Check.nonNegative("goldSeconds[" + i + "]", goldSeconds.get(i)) / predSeconds.get(i));
    }
    double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double var = ratios.stream().mapToDouble(r -> (r - mean) * (r - mean)).average().orElse(0);
    double sd = Math.sqrt(var);
    double sum = 0;
    int n = 0;
    for (double r : ratios) {
      if (r >= mean - 3 * sd && r <= mean + 3 * sd) {
        sum += r;
        n++;
      }
    }
    return n == 0 ? mean : sum / n;
  }

  /**
   * Measures the time ratio of a correct pair by running both queries {@code runs} times on {@code db}.
   *
   * @throws IllegalArgumentException when either query fails
   */
  public static double measureTimeRatio(SqlExecution exec, java.nio.file.Path db, String gold, String pred,
      int runs) {
    Check.positive("runs", runs);
    List<Double> g = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      SqlExecution.Execution ge = exec.execute(db, gold);
      SqlExecution.Execution pe = exec.execute(db, pred);
      if (ge.failed() || pe.failed()) {
        throw new IllegalArgumentException("cannot time a failing query: "
            + (ge.failed() ? "gold: " + ge.error().get() : "pred: " + pe.error().get()));
      }
      g.add(Math.max(1e-9, ge.elapsed().toNanos() / 1e9));
      p.add(Math.max(1e-9, pe.elapsed().toNanos() / 1e9));
    }
    return timeRatio(g, p);
  }
}
