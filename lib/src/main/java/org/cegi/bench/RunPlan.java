package org.cegi.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cegi.internal.Check;
import org.cegi.model.GenerationOptions;
import org.cegi.tasks.Task;
import org.cegi.tasks.Tasks;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What to run: variants × tasks, how many items per task, batches, generation settings, warm-up, repeats, idle
 * baseline, seed, variant order, region and PUE, and where to write. Read from YAML ({@code data/plans/*.yaml}):
 *
 * <pre>{@code
 * name: smoke
 * seed: 42
 * region: FR                 # Eco2AI intensity table; or intensity_g_per_kwh: 56
 * pue: 1.0
 * idle_baseline_s: 0
 * warmup_requests: 1
 * repeats: 1
 * batch_size: 2
 * shuffle_variants: true
 * measure_prefill: true
 * output: build/runs/smoke  # relative to the working directory
 * generation: {max_new_tokens: 16, sample: false}
 * variants:
 *   - {name: tiny-qwen2, fixture: tiny-qwen2}          # or path: models/x, or catalog: qwen2.5-0.5b-instruct
 * tasks:
 *   - {task: summarization, samples: 8}                # source: bundled (default), a data file, or hf://datasets/…
 *   - {task: text-to-sql, samples: 8, gain_metric: execution_accuracy}
 * }</pre>
 *
 * <pre>{@code
 * RunPlan plan = RunPlan.load(Path.of("data/plans/smoke.yaml"));
 * }</pre>
 *
 * @param name plan name (part of the run id)
 * @param variants the model variants
 * @param tasks the tasks with their data and sample size
 * @param batchSize requests per batch (one measured window per batch)
 * @param generation generation settings
 * @param warmupRequests unmeasured-for-quality requests before each variant × task (measured as phase "warmup")
 * @param repeats how often every item is run
 * @param idleBaselineS idle power measured this long before the run and subtracted for net figures (0: none)
 * @param seed seed of sampling, variant order and bootstrap intervals
 * @param shuffleVariants whether variants run in a seeded random order (against drift in temperature or load)
 * @param region region of the carbon intensity (Eco2AI table, world average when unknown, with a warning)
 * @param intensityGPerKwh an explicit intensity in g/kWh, or a negative number to use {@code region}'s
 * @param pue power usage effectiveness (≥ 1)
 * @param measurePrefill whether each batch's window is split at its first token into a {@code prefill} and a
 *     {@code decode} window (plan key {@code measure_prefill}, default true; false: the batch is one window)
 * @param output output folder
 */
public record RunPlan(
    String name,
    List<VariantSpec> variants,
    List<TaskSpec> tasks,
    int batchSize,
    GenerationOptions generation,
    int warmupRequests,
    int repeats,
    double idleBaselineS,
    long seed,
    boolean shuffleVariants,
    String region,
    double intensityGPerKwh,
    double pue,
    boolean measurePrefill,
    Path output) {

  /**
   * A model variant of the plan: a project fixture ({@code tiny-qwen2}, {@code tiny-llama}; written on first use
   * below {@code build/fixtures/}), a local model folder, or a catalog entry.
   *
   * @param name the name rows carry (unique in the plan)
   * @param fixture fixture name or ""
   * @param path local folder or ""
   * @param catalog catalog id or ""
   * @param quantization weight encoding ({@code fp32}, {@code q4}, …)
   * @param runtime the runtime that serves it ({@code onnx} for text decoders, {@code onnx-vl} for
   *     vision-language models)
   * @param threads engine threads (0: all cores)
   * @param tasks the plan's tasks this variant runs (empty: all of them), e.g. only the vision tasks for a VLM
   */
  public record VariantSpec(String name, String fixture, String path, String catalog, String quantization,
      String runtime, int threads, List<String> tasks) {
    public VariantSpec {
      tasks = Check.noNulls("tasks", tasks).stream().map(t -> Tasks.named(t).name()).toList();
      Check.nonBlank("variant name", name);
      Check.notNull("fixture", fixture);
      Check.notNull("path", path);
      Check.notNull("catalog", catalog);
      Check.nonBlank("quantization", quantization);
      Check.nonBlank("runtime", runtime);
      Check.nonNegative("threads", threads);
      int sources = (fixture.isBlank() ? 0 : 1) + (path.isBlank() ? 0 : 1) + (catalog.isBlank() ? 0 : 1);
      if (sources != 1) {
        throw new IllegalArgumentException("Variant " + name + " must name exactly one of fixture, path or catalog,"
            + " got " + sources + ".");
      }
    }

    /** Whether this variant runs {@code task} (a task of the plan). */
    public boolean runs(String task) {
      return tasks.isEmpty() || tasks.contains(Tasks.named(task).name());
    }
  }

  /**
   * A task of the plan.
   *
   * @param task task name
   * @param source {@code bundled}, a local data file (Parquet, JSON, JSON Lines, CSV), or a Hub data set file
   *     {@code hf://datasets/{org}/{name}[@{revision}]/{file}}, fetched through the hub cache
   * @param split rows of this split when the file has a {@code split} column ("" for all)
   * @param samples items drawn (seeded) from the data set
   * @param gainMetric the metric that feeds the CEGI gain
   */
  public record TaskSpec(String task, String source, String split, int samples, String gainMetric) {
    public TaskSpec {
      Task t = Tasks.named(task);
      task = t.name();
      Check.nonBlank("source", source);
      Check.notNull("split", split);
      Check.positive("samples", samples);
      if (!t.metrics().contains(gainMetric)) {
        throw new IllegalArgumentException("gain_metric " + gainMetric + " is not a metric of task " + task
            + ": use one of " + t.metrics() + ".");
      }
    }
  }

  public RunPlan {
    Check.nonBlank("name", name);
    variants = List.copyOf(Check.noNulls("variants", variants));
    tasks = List.copyOf(Check.noNulls("tasks", tasks));
    if (variants.isEmpty() || tasks.isEmpty()) {
      throw new IllegalArgumentException("A run plan needs at least one variant and one task, got "
          + variants.size() + " and " + tasks.size() + ".");
    }
    Set<String> seen = new HashSet<>();
    for (VariantSpec v : variants) {
      if (!seen.add(v.name())) {
        throw new IllegalArgumentException("Variant name " + v.name() + " appears twice: give each variant its"
            + " own name.");
      }
    }
    seen.clear();
    for (TaskSpec t : tasks) {
      if (!seen.add(t.task())) {
        throw new IllegalArgumentException("Task " + t.task() + " appears twice: list each task once.");
      }
    }
    Check.positive("batch_size", batchSize);
    Check.notNull("generation", generation);
    Check.nonNegative("warmup_requests", warmupRequests);
    Check.positive("repeats", repeats);
    Check.nonNegative("idle_baseline_s", idleBaselineS);
    Check.nonBlank("region", region);
    Check.finite("intensity_g_per_kwh", intensityGPerKwh);
    Check.finite("pue", pue);
    if (pue < 1) {
      throw new IllegalArgumentException("pue must be >= 1, got " + pue + ": use 1.0 for no facility overhead.");
    }
    Check.notNull("output", output);
  }

  /** Reads a plan file. */
  public static RunPlan load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("Run plan " + file + " cannot be read: " + e.getMessage()
          + ". Give the path of a YAML plan such as data/plans/smoke.yaml.", e);
    }
  }

  private static final Set<String> TOP = Set.of("name", "variants", "tasks", "batch_size", "generation",
      "warmup_requests", "repeats", "idle_baseline_s", "seed", "shuffle_variants", "region",
      "intensity_g_per_kwh", "pue", "measure_prefill", "output", "description");
  private static final Set<String> VARIANT = Set.of("name", "fixture", "path", "catalog", "quantization", "runtime",
      "threads", "tasks");
  private static final Set<String> TASK = Set.of("task", "source", "split", "samples", "gain_metric");
  private static final Set<String> GEN = Set.of("max_new_tokens", "sample", "temperature", "top_k", "top_p",
      "seed", "stop_strings");

  /**
   * Parses a plan from YAML text.
   *
   * @param where the file name, for messages
   * @throws IllegalArgumentException naming the file and the key for bad YAML, unknown keys, wrong types or values
   */
  public static RunPlan parse(String yaml, String where) {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("Run plan " + where + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("Run plan " + where + " must be a YAML mapping (name:, variants:, tasks:"
          + " …), got " + (root == null ? "an empty file" : root.getClass().getSimpleName()));
    }
    try {
      Map<String, Object> top = keys(m, TOP, where);
      List<VariantSpec> variants = new ArrayList<>();
      for (Map<String, Object> v : list(top, "variants", where)) {
        Map<String, Object> vm = keys(v, VARIANT, where + " variants");
        String fixture = str(vm, "fixture", "");
        String path = str(vm, "path", "");
        String catalog = str(vm, "catalog", "");
        String name = str(vm, "name", !fixture.isBlank() ? fixture : !path.isBlank() ? Path.of(path).getFileName()
            .toString() : catalog);
        List<String> only = new ArrayList<>();
        if (vm.get("tasks") instanceof List<?> l) {
          l.forEach(t -> only.add(String.valueOf(t)));
        } else if (vm.get("tasks") != null) {
          throw new IllegalArgumentException("Run plan " + where + ": variant " + name + " has tasks: "
              + vm.get("tasks") + "; give a list, e.g. tasks: [captioning, vqa]");
        }
        variants.add(new VariantSpec(name, fixture, path, catalog, str(vm, "quantization", "fp32"),
            str(vm, "runtime", "onnx"), (int) num(vm, "threads", 0), only));
      }
      List<TaskSpec> tasks = new ArrayList<>();
      for (Map<String, Object> t : list(top, "tasks", where)) {
        Map<String, Object> tm = keys(t, TASK, where + " tasks");
        String task = str(tm, "task", "");
        if (task.isBlank()) {
          throw new IllegalArgumentException("every entry of tasks needs task: (one of " + Tasks.names() + ")");
        }
        Task tk = Tasks.named(task);
        tasks.add(new TaskSpec(task, str(tm, "source", "bundled"), str(tm, "split", ""),
            (int) num(tm, "samples", 10), str(tm, "gain_metric", tk.gainMetric())));
      }
      Map<String, Object> gen = top.get("generation") == null ? Map.of()
          : keys(asMap(top.get("generation"), "generation"), GEN, where + " generation");
      GenerationOptions.Builder g = GenerationOptions.builder()
          .maxNewTokens((int) num(gen, "max_new_tokens", 64))
          .sample(bool(gen, "sample", false))
          .temperature(num(gen, "temperature", 1.0))
          .topK((int) num(gen, "top_k", 0))
          .topP(num(gen, "top_p", 1.0))
          .seed((long) num(gen, "seed", num(top, "seed", 42)));
      if (gen.get("stop_strings") instanceof List<?> stops) {
        g.stopStrings(stops.stream().map(String::valueOf).toList());
      }
      String name = str(top, "name", "");
      return new RunPlan(name, variants, tasks, (int) num(top, "batch_size", 1), g.build(),
          (int) num(top, "warmup_requests", 1), (int) num(top, "repeats", 1), num(top, "idle_baseline_s", 0),
          (long) num(top, "seed", 42), bool(top, "shuffle_variants", true), str(top, "region", "world"),
          num(top, "intensity_g_per_kwh", -1), num(top, "pue", 1.0), bool(top, "measure_prefill", true),
          Path.of(str(top, "output", "build/runs/" + (name.isBlank() ? "run" : name))));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Run plan ")) {
        throw e;
      }
      throw new IllegalArgumentException("Run plan " + where + ": " + e.getMessage(), e);
    }
  }

  /** A stable id of this plan's content (name + hash), written into every row. */
  public String runId() {
    return name + "-" + String.format("%08x", withOutput(Path.of(".")).toString().hashCode());
  }

  /** The same plan writing to another folder (the run id does not change). */
  public RunPlan withOutput(Path dir) {
    return new RunPlan(name, variants, tasks, batchSize, generation, warmupRequests, repeats, idleBaselineS, seed,
        shuffleVariants, region, intensityGPerKwh, pue, measurePrefill, dir);
  }

  /**
   * The same plan with at most {@code max} samples per task (a reduced run for tests; a new run id).
   *
   * <pre>{@code
   * RunPlan small = RunPlan.load(Path.of("data/plans/smoke.yaml")).withSamples(Notebook.isTest() ? 2 : 8);
   * }</pre>
   */
  public RunPlan withSamples(int max) {
    Check.positive("samples", max);
    List<TaskSpec> fewer = tasks.stream().map(t -> new TaskSpec(t.task(), t.source(), t.split(),
        Math.min(max, t.samples()), t.gainMetric())).toList();
    return new RunPlan(name, variants, fewer, batchSize, generation, warmupRequests, repeats, idleBaselineS, seed,
        shuffleVariants, region, intensityGPerKwh, pue, measurePrefill, output);
  }

  /** The same plan with another batch size (a new run id), e.g. for a batch-size sweep. */
  public RunPlan withBatchSize(int size) {
    Check.positive("batch_size", size);
    return new RunPlan(name, variants, tasks, size, generation, warmupRequests, repeats, idleBaselineS, seed,
        shuffleVariants, region, intensityGPerKwh, pue, measurePrefill, output);
  }

  /** The plan's task entry for a task name. */
  public TaskSpec task(String task) {
    return tasks.stream().filter(t -> t.task().equals(task)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("Task " + task + " is not in plan " + name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o, String what) {
    if (!(o instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(what + " must be a mapping (key: value), got " + o);
    }
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> keys(Map<?, ?> m, Set<String> known, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (!known.contains(k)) {
        throw new IllegalArgumentException("Run plan " + where + ": unknown key \"" + k + "\"; known keys: "
            + known.stream().sorted().toList());
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  private static List<Map<String, Object>> list(Map<String, Object> m, String key, String where) {
    Object o = m.get(key);
    if (!(o instanceof List<?> l) || l.isEmpty()) {
      throw new IllegalArgumentException("Run plan " + where + " needs a non-empty list " + key + ":");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object x : l) {
      if (x instanceof String s) {
        out.add(new LinkedHashMap<>(Map.of(key.equals("tasks") ? "task" : "fixture", s)));
      } else {
        out.add(asMap(x, key + " entry"));
      }
    }
    return out;
  }

  private static String str(Map<String, Object> m, String key, String def) {
    Object o = m.get(key);
    return o == null ? def : String.valueOf(o);
  }

  private static double num(Map<String, Object> m, String key, double def) {
    Object o = m.get(key);
    if (o == null) {
      return def;
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(key + " must be a number, got \"" + o + "\"");
  }

  private static boolean bool(Map<String, Object> m, String key, boolean def) {
    Object o = m.get(key);
    if (o == null) {
      return def;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(key + " must be true or false, got \"" + o + "\"");
  }
}
