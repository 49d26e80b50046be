package org.cegi.bench;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cegi.tasks.ItemScore;
import org.cegi.tasks.Task;
import org.cegi.tasks.Tasks;

/**
 * Aggregates result rows per variant × task: quality (the gain metric over the set, by the task's own corpus
 * evaluation; 95 % interval by a seeded bootstrap over items, 200 resamples), J/request, J/output-token,
 * Wh per 1,000 requests and g CO2e per request (mean with a 95 % Student-t interval), total g CO2e. Rows with an
 * error are counted, not scored.
 *
 * <pre>{@code
 * List<Aggregates.Row> s = Aggregates.of(ResultsFile.read(Path.of("build/runs/smoke/results.csv")), 42);
 * }</pre>
 */
public final class Aggregates {
  private static final int BOOTSTRAP = 200;

  private Aggregates() {}

  /** A mean (or set-level value) with its 95 % interval; NaN where there is nothing to aggregate. */
  public record Interval(double value, double low, double high) {
    static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * The aggregate of one variant × task.
   *
   * @param runId run id of the rows
   * @param variant variant
   * @param task task
   * @param runtime runtime label
   * @param requests rows
   * @param errors rows with an error (not scored)
   * @param qualityMetric the gain metric
   * @param quality its set-level value and bootstrap interval
   * @param qualities every set-level metric of the task
   * @param joulesPerRequest J per request
   * @param joulesPerToken J per output token (requests with output tokens)
   * @param whPer1000Requests Wh per 1,000 requests
   * @param co2eGramsPerRequest g CO2e per request
   * @param co2eGramsTotal g CO2e of all requests
   * @param tokensOutMean mean output tokens
   * @param methods measurement methods, e.g. {@code cpu=estimated;ram=estimated}
   * @param warnings distinct warnings of the rows
   */
  public record Row(String runId, String variant, String task, String runtime, int requests, int errors,
      String qualityMetric, Interval quality, Map<String, Double> qualities, Interval joulesPerRequest,
      Interval joulesPerToken, Interval whPer1000Requests, Interval co2eGramsPerRequest, double co2eGramsTotal,
      double tokensOutMean, String methods, String warnings) {}

  /** Aggregates with the plan's seed. */
  public static List<Row> of(List<Map<String, String>> rows, RunPlan plan) {
    return of(rows, plan.seed());
  }

  /** Aggregates rows (of one or several files) per variant × task, in the order they first appear. */
  public static List<Row> of(List<Map<String, String>> rows, long seed) {
    Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      groups.computeIfAbsent(r.get("variant") + "\u0000" + r.get("task"), k -> new ArrayList<>()).add(r);
    }
    List<Row> out = new ArrayList<>();
    for (List<Map<String, String>> g : groups.values()) {
      out.add(group(g, seed));
    }
    return out;
  }

  private static Row group(List<Map<String, String>> g, long seed) {
    Map<String, String> first = g.get(0);
    Task task = Tasks.named(first.get("task"));
    String metric = first.getOrDefault("metric", task.gainMetric());
    List<Map<String, String>> ok = g.stream().filter(r -> r.getOrDefault("error", "").isBlank()).toList();
    Gson gson = new Gson();
    List<String> answers = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    List<ItemScore> scores = new ArrayList<>();
    for (Map<String, String> r : ok) {
      answers.add(r.getOrDefault("answer", ""));
      refs.add(gson.fromJson(r.get("reference"), new TypeToken<List<String>>() {}.getType()));
      Map<String, Double> s = gson.fromJson(r.get("scores"), new TypeToken<Map<String, Double>>() {}.getType());
      scores.add(ItemScore.of(s == null ? Map.of() : s));
    }
    Map<String, Double> qualities = Map.of();
    Interval quality = Interval.NONE;
    if (!ok.isEmpty()) {
      qualities = task.corpusScores(answers, refs, scores);
      Double q = qualities.get(metric);
      if (q != null) {
        Random rnd = new Random(seed);
        double[] boot = new double[BOOTSTRAP];
        int n = ok.size();
        for (int b = 0; b < BOOTSTRAP; b++) {
          List<String> a = new ArrayList<>();
          List<List<String>> rf = new ArrayList<>();
          List<ItemScore> sc = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(n);
            a.add(answers.get(j));
            rf.add(refs.get(j));
            sc.add(scores.get(j));
          }
          boot[b] = task.corpusScores(a, rf, sc).getOrDefault(metric, Double.NaN);
        }
        java.util.Arrays.sort(boot);
        quality = new Interval(q, boot[(int) Math.floor(0.025 * (BOOTSTRAP - 1))],
            boot[(int) Math.ceil(0.975 * (BOOTSTRAP - 1))]);
      }
    }
    List<Double> jReq = new ArrayList<>();
    List<Double> jTok = new ArrayList<>();
    List<Double> co2 = new ArrayList<>();
    double tokens = 0;
    Set<String> methods = new LinkedHashSet<>();
    Set<String> warnings = new LinkedHashSet<>();
    for (Map<String, String> r : ok) {
      double e = parse(r.get("energy_j"));
      int t = (int) parse(r.get("tokens_out"));
      if (!Double.isNaN(e)) {
        jReq.add(e);
        if (t > 0) {
          jTok.add(e / t);
        }
      }
      double c = parse(r.get("co2e_g"));
      if (!Double.isNaN(c)) {
        co2.add(c);
      }
      tokens += Math.max(0, t);
      for (String comp : List.of("gpu", "cpu", "ram")) {
        String m = r.getOrDefault("method_" + comp, "");
        if (!m.isBlank()) {
          methods.add(comp + "=" + m);
        }
      }
      for (String w : r.getOrDefault("warnings", "").split(" \\| ")) {
        if (!w.isBlank()) {
          warnings.add(w);
        }
      }
    }
    Interval jr = mean(jReq);
    Interval wh = Double.isNaN(jr.value()) ? Interval.NONE
        : new Interval(jr.value() / 3.6, jr.low() / 3.6, jr.high() / 3.6);
    return new Row(first.get("run_id"), first.get("variant"), task.name(), first.getOrDefault("runtime", ""),
        g.size(), g.size() - ok.size(), metric, quality, qualities, jr, mean(jTok), wh, mean(co2),
        co2.stream().mapToDouble(Double::doubleValue).sum(), ok.isEmpty() ? Double.NaN : tokens / ok.size(),
        String.join(";", methods), String.join(" | ", warnings));
  }

  private static double parse(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Mean with a two-sided 95 % Student-t interval (the mean itself as interval for one value; NaN for none), in
   * the values' own unit.
   *
   * <pre>{@code
   * Aggregates.Interval jPerToken = Aggregates.mean(List.of(0.011, 0.012, 0.010));
   * }</pre>
   */
  public static Interval mean(List<Double> xs) {
    int n = xs.size();
    if (n == 0) {
      return Interval.NONE;
    }
    double m = xs.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n == 1) {
      return new Interval(m, m, m);
    }
    double var = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (n - 1);
    double half = t975(n - 1) * Math.sqrt(var / n);
    return new Interval(m, m - half, m + half);
  }

  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
      2.052, 2.048, 2.045, 2.042};

  /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom. */
  static double t975(int df) {
    if (df <= 30) {
      return T975[df - 1];
    }
    return df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
  }

  /** Writes the aggregates as CSV (columns {@link Columns#SUMMARY}), replacing the file. */
  public static void write(Path file, List<Row> rows) {
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot replace " + file + ": " + e.getMessage(), e);
    }
    try (ResultsFile f = ResultsFile.open(file, Columns.SUMMARY, List.of("variant", "task"))) {
      Gson gson = new Gson();
      for (Row r : rows) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("variant", r.variant());
        m.put("task", r.task());
        m.put("runtime", r.runtime());
        m.put("requests", Integer.toString(r.requests()));
        m.put("errors", Integer.toString(r.errors()));
        m.put("quality_metric", r.qualityMetric());
        put(m, "quality", r.quality());
        m.put("qualities", gson.toJson(r.qualities()));
        put(m, "j_per_request", r.joulesPerRequest());
        put(m, "j_per_token", r.joulesPerToken());
        put(m, "wh_per_1000_requests", r.whPer1000Requests());
        put(m, "co2e_g_per_request", r.co2eGramsPerRequest());
        m.put("co2e_g_total", Run.num(r.co2eGramsTotal()));
        m.put("tokens_out_mean", num(r.tokensOutMean()));
        String[] meth = r.methods().split(";");
        for (String x : meth) {
          String[] kv = x.split("=", 2);
          if (kv.length == 2) {
            m.merge("method_" + kv[0], kv[1], (a, b) -> a + "," + b);
          }
        }
        m.put("warnings", r.warnings());
        f.append(m);
      }
    }
  }

  private static void put(Map<String, String> m, String name, Interval i) {
    m.put(name, num(i.value()));
    m.put(name + "_ci_low", num(i.low()));
    m.put(name + "_ci_high", num(i.high()));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
