package org.cegi.bench;

import com.google.gson.Gson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.carbon.IntensityTable;
import org.cegi.carbon.tracker.MeasurementEmissions;
import org.cegi.energy.Component;
import org.cegi.energy.CpuTdp;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;
import org.cegi.measure.ComponentMeasurement;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Measurement;
import org.cegi.measure.Window;
import org.cegi.model.GenerationListener;
import org.cegi.model.hub.HubClient;
import org.cegi.tasks.Generation;
import org.cegi.tasks.ItemScore;
import org.cegi.tasks.Prompt;
import org.cegi.tasks.Task;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;
import org.cegi.tasks.data.Dataset;
import org.cegi.tasks.data.Datasets;

/**
 * Executes a {@link RunPlan}: checks it as a whole first (tasks, variants, data files and their columns, vision
 * tasks only on vision runtimes), then, variant by variant (seeded random order if the plan says so), loads the
 * model (window {@code load}), warms it up (window {@code warmup}), and runs every remaining request of this shard
 * in batches: the batch's window, split at the first token into a {@code prefill} and a {@code decode} window
 * (the runtime reports its first token through a {@link GenerationListener}), then a {@code scoring} window. Each
 * request becomes a row of {@code results.csv}, appended and flushed at once; phases go to {@code phases.csv}, and
 * the aggregates to {@code summary.csv}. Restarted with the same plan and output, it skips the rows already
 * written (a torn last row is cut off). A request that fails (an image that does not decode, a SQL context that
 * does not execute, a runtime error) becomes a row with {@code error} set.
 *
 * <pre>{@code
 * RunPlan plan = RunPlan.load(Path.of("data/plans/smoke.yaml"));
 * RunResult r = Run.builder(plan).runtime(OnnxRuntimes.of(Path.of("build/fixtures"))).build().execute();
 * r.summary();          // quality, J/request, J/token, Wh/1000 requests, g CO2e with 95 % intervals
 * r.resultsFile();      // one row per request
 * }</pre>
 */
public final class Run {
  private final RunPlan plan;
  private final ModelRuntime runtime;
  private final Shard shard;
  private final Supplier<EnergyMonitor> monitors;
  private final PrintStream log;
  private final boolean redraw;
  private final Path output;
  private final HubClient hub;

  private Run(Builder b) {
    this.plan = b.plan;
    this.runtime = b.runtime;
    this.shard = b.shard;
    this.monitors = b.monitors != null ? b.monitors : () -> EnergyMonitor.builder().forThisProcess()
        .baselineDuration(Duration.ofMillis((long) (plan.idleBaselineS() * 1000))).start();
    this.log = b.log;
    this.redraw = b.redraw;
    this.output = b.output != null ? b.output : plan.output();
    this.hub = b.hub != null ? b.hub : HubClient.builder().build();
  }

  /** Options of a run. */
  public static Builder builder(RunPlan plan) {
    return new Builder(plan);
  }

  /** Builder of a {@link Run}. */
  public static final class Builder {
    private final RunPlan plan;
    private ModelRuntime runtime = OnnxRuntimes.of(OnnxTextRuntime.defaultFixturesDir());
    private Shard shard = Shard.ALL;
    private Supplier<EnergyMonitor> monitors;
    private PrintStream log = System.out;
    private boolean redraw = System.console() != null;
    private Path output;
    private HubClient hub;

    private Builder(RunPlan plan) {
      this.plan = Check.notNull("plan", plan);
    }

    /** The runtime that loads the variants (default: {@link OnnxTextRuntime}, fixtures in the project's build/fixtures). */
    public Builder runtime(ModelRuntime r) {
      this.runtime = Check.notNull("runtime", r);
      return this;
    }

    /** The slice of the sweep to run (default: all). */
    public Builder shard(Shard s) {
      this.shard = Check.notNull("shard", s);
      return this;
    }

    /** How the energy monitor is made (default: this process's probes with the plan's idle baseline). */
    public Builder monitor(Supplier<EnergyMonitor> m) {
      this.monitors = Check.notNull("monitor", m);
      return this;
    }

    /** Where progress and messages go (default standard output); {@code redraw}: one redrawn line (a terminal). */
    public Builder log(PrintStream out, boolean redraw) {
      this.log = Check.notNull("log", out);
      this.redraw = redraw;
      return this;
    }

    /** Output folder (default: the plan's). */
    public Builder output(Path dir) {
      this.output = Check.notNull("output", dir);
      return this;
    }

    /**
     * The Hub client that fetches {@code source: hf://datasets/…} data files (default: from the environment,
     * {@code HF_HUB_CACHE}/{@code HF_HOME}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}).
     */
    public Builder hub(HubClient h) {
      this.hub = Check.notNull("hub", h);
      return this;
    }

    public Run build() {
      return new Run(this);
    }
  }

  /** One request of the sweep. */
  record Unit(RunPlan.VariantSpec variant, Task task, Dataset dataset, TaskItem item, int repeat) {
    Map<String, String> key() {
      return Map.of("variant", variant.name(), "task", task.name(), "item_id", item.id(), "repeat",
          Integer.toString(repeat));
    }
  }

  /**
   * Checks the plan as a whole and loads its data: every problem found is listed in one message.
   *
   * @return the sampled data set of each task
   * @throws IllegalArgumentException listing every problem
   */
  public Map<String, Dataset> check() {
    List<String> problems = new ArrayList<>();
    Map<String, Dataset> data = new LinkedHashMap<>();
    for (RunPlan.TaskSpec ts : plan.tasks()) {
      try {
        Dataset d = Datasets.load(ts.task(), ts.source(), ts.split(), hub);
        data.put(ts.task(), d.sample(Math.min(ts.samples(), d.size()), plan.seed() + ts.task().hashCode()));
        if (ts.samples() > d.size()) {
          problems.add("task " + ts.task() + " asks for " + ts.samples() + " samples but " + d.name() + " has "
              + d.size() + ": ask for at most " + d.size() + ".");
        }
      } catch (RuntimeException e) {
        problems.add("task " + ts.task() + ": " + e.getMessage());
      }
    }
    for (RunPlan.VariantSpec v : plan.variants()) {
      try {
        runtime.check(v);
      } catch (RuntimeException e) {
        problems.add("variant " + v.name() + ": " + e.getMessage());
        continue;
      }
      for (String t : v.tasks()) {
        if (plan.tasks().stream().noneMatch(ts -> Tasks.named(ts.task()).name().equals(t))) {
          problems.add("variant " + v.name() + " lists task " + t + ", which the plan's tasks: do not have: add it"
              + " there or drop it from the variant");
        }
      }
      for (RunPlan.TaskSpec ts : plan.tasks()) {
        if (!v.runs(ts.task())) {
          continue;
        }
        if (Tasks.named(ts.task()).needsImage() && !runtime.acceptsImages(v)) {
          problems.add("task " + ts.task() + " needs a vision-language runtime, but variant " + v.name()
              + " runs on a text-only runtime (" + v.runtime() + "): give the variant tasks: without it, drop the"
              + " task, or run a vision-language model (runtime: onnx-vl).");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Run plan " + plan.name() + " cannot run (" + problems.size()
          + " problem" + (problems.size() > 1 ? "s" : "") + "):\n  - " + String.join("\n  - ", problems));
    }
    return data;
  }

  /** Runs this shard of the plan (resuming what is already written) and aggregates it. */
  public RunResult execute() {
    Map<String, Dataset> data = check();
    List<Unit> units = new ArrayList<>();
    long k = 0;
    for (RunPlan.VariantSpec v : plan.variants()) {
      for (RunPlan.TaskSpec ts : plan.tasks()) {
        if (!v.runs(ts.task())) {
          continue;
        }
        Dataset d = data.get(ts.task());
        for (TaskItem item : d.items()) {
          for (int r = 0; r < plan.repeats(); r++) {
            if (shard.owns(k++)) {
              units.add(new Unit(v, Tasks.named(ts.task()), d, item, r));
            }
          }
        }
      }
    }
    Path resultsPath = output.resolve("results" + shard.suffix() + ".csv");
    Path phasesPath = output.resolve("phases" + shard.suffix() + ".csv");
    Path summaryPath = output.resolve("summary" + shard.suffix() + ".csv");
    CarbonIntensity intensity = plan.intensityGPerKwh() >= 0
        ? CarbonIntensity.explicit(plan.intensityGPerKwh(), plan.region())
        : IntensityTable.eco2ai().lookupOrWorld(plan.region());
    long started = System.nanoTime();
    int written = 0;
    int errors = 0;
    int resumed;
    if (java.nio.file.Files.exists(resultsPath)) {
      Set<String> ids = new java.util.TreeSet<>();
      ResultsFile.read(resultsPath).forEach(r -> ids.add(r.getOrDefault("run_id", "")));
      ids.remove(plan.runId());
      if (!ids.isEmpty()) {
        throw new IllegalArgumentException("Output " + resultsPath + " holds rows of run " + ids + ", not of this"
            + " plan (run " + plan.runId() + "; a changed setting changes the run id): write to a new output folder"
            + " (--out), or restore the plan the rows came from to resume it.");
      }
    }
    try (ResultsFile results = ResultsFile.open(resultsPath, Columns.RESULTS, Columns.RESULT_KEY);
        ResultsFile phases = ResultsFile.open(phasesPath, Columns.PHASES, List.of("variant", "task", "phase",
            "finished_utc"))) {
      Set<String> done = results.done();
      List<Unit> todo = units.stream().filter(u -> !done.contains(results.key(u.key()))).toList();
      resumed = units.size() - todo.size();
      if (results.truncatedChars() > 0) {
        log.println("Resumed " + resultsPath + ": cut off a torn last row (" + results.truncatedChars()
            + " characters).");
      }
      log.println("Run " + plan.runId() + " shard " + shard + ": " + units.size() + " requests, " + resumed
          + " already done, " + todo.size() + " to run -> " + resultsPath);
      Progress progress = new Progress(log, units.size(), resumed, redraw, System::nanoTime, 5);
      if (!todo.isEmpty()) {
        List<RunPlan.VariantSpec> order = new ArrayList<>(plan.variants());
        if (plan.shuffleVariants()) {
          Collections.shuffle(order, new Random(plan.seed()));
        }
        try (EnergyMonitor monitor = monitors.get()) {
          Env env = new Env(results, phases, monitor, intensity, progress);
          if (!monitor.baseline().isEmpty()) {
            baselinePhase(env, monitor.baseline());
          }
          for (RunPlan.VariantSpec v : order) {
            List<Unit> mine = todo.stream().filter(u -> u.variant().equals(v)).toList();
            if (mine.isEmpty()) {
              continue;
            }
            int[] counts = runVariant(v, mine, data, env);
            written += counts[0];
            errors += counts[1];
          }
        }
      }
    }
    List<Map<String, String>> rows = ResultsFile.read(resultsPath);
    List<Aggregates.Row> summary = Aggregates.of(rows, plan);
    Aggregates.write(summaryPath, summary);
    double seconds = (System.nanoTime() - started) / 1e9;
    Path folder = resultsPath.toAbsolutePath().getParent();
    String files = folder != null && folder.equals(phasesPath.toAbsolutePath().getParent())
        && folder.equals(summaryPath.toAbsolutePath().getParent())
        ? "in " + folder + " (" + resultsPath.getFileName() + ", " + phasesPath.getFileName() + ", "
            + summaryPath.getFileName() + ")"
        : "results " + resultsPath + ", phases " + phasesPath + ", summary " + summaryPath;
    log.println(String.format(Locale.ROOT, "Wrote %d rows (%d with errors) in %.1f s; %d resumed; files %s",
        written, errors, seconds, resumed, files));
    return new RunResult(plan.runId(), shard, resultsPath, phasesPath, summaryPath, units.size(), written, resumed,
        errors, seconds, summary);
  }

  private record Env(ResultsFile results, ResultsFile phases, EnergyMonitor monitor, CarbonIntensity intensity,
      Progress progress) {}

  private int[] runVariant(RunPlan.VariantSpec v, List<Unit> mine, Map<String, Dataset> data, Env env) {
    int written = 0;
    int errors = 0;
    ModelRuntime.LoadedModel model;
    Window lw = env.monitor().begin("load");
    try {
      model = runtime.load(v);
    } catch (RuntimeException e) {
      phase(env, v.name(), "", "load", 0, lw.end());
      for (Unit u : mine) {
        env.results().append(errorRow(u, "", "variant did not load: " + e.getMessage(), env));
        env.progress().advance(1);
      }
      return new int[] {mine.size(), mine.size()};
    }
    phase(env, v.name(), "", "load", 0, lw.end());
    try (model) {
      for (RunPlan.TaskSpec ts : plan.tasks()) {
        List<Unit> work = mine.stream().filter(u -> u.task().name().equals(ts.task())).toList();
        if (work.isEmpty()) {
          continue;
        }
        Task task = Tasks.named(ts.task());
        warmup(model, task, data.get(ts.task()), v, env);
        for (int b = 0; b < work.size(); b += plan.batchSize()) {
          int[] c = batch(model, task, ts, work.subList(b, Math.min(work.size(), b + plan.batchSize())),
              b / plan.batchSize(), env);
          written += c[0];
          errors += c[1];
        }
      }
    }
    return new int[] {written, errors};
  }

  private void warmup(ModelRuntime.LoadedModel model, Task task, Dataset d, RunPlan.VariantSpec v, Env env) {
    if (plan.warmupRequests() == 0) {
      return;
    }
    List<Prompt> prompts = new ArrayList<>();
    for (TaskItem item : d.items()) {
      if (prompts.size() == plan.warmupRequests()) {
        break;
      }
      try {
        prompts.add(prompt(task, item));
      } catch (RuntimeException e) {
        // a bad item is reported when its own request runs
      }
    }
    if (prompts.isEmpty()) {
      return;
    }
    Window w = env.monitor().begin("warmup");
    List<String> warn = new ArrayList<>();
    try {
      for (int i = 0; i < prompts.size(); i += plan.batchSize()) {
        model.generate(prompts.subList(i, Math.min(prompts.size(), i + plan.batchSize())), plan.generation());
      }
    } catch (RuntimeException e) {
      warn.add("warm-up failed: " + e.getMessage());
    }
    Measurement wm = w.end();
    phase(env, v.name(), task.name(), "warmup", prompts.size(), wm, warn);
  }

  private static Prompt prompt(Task task, TaskItem item) {
    Prompt p = task.prompt(item);
    p.image().ifPresent(img -> img.decode());
    return p;
  }

  private int[] batch(ModelRuntime.LoadedModel model, Task task, RunPlan.TaskSpec ts, List<Unit> units,
      int batchIndex, Env env) {
    int errors = 0;
    List<Unit> ok = new ArrayList<>();
    List<Prompt> prompts = new ArrayList<>();
    for (Unit u : units) {
      try {
        prompts.add(prompt(task, u.item()));
        ok.add(u);
      } catch (RuntimeException e) {
        env.results().append(errorRow(u, model.runtime(), e.getMessage(), env));
        env.progress().advance(1);
        errors++;
      }
    }
    if (ok.isEmpty()) {
      return new int[] {units.size(), errors};
    }
    Window bw = env.monitor().begin("batch");
    PhaseSplit split = plan.measurePrefill() ? new PhaseSplit(env.monitor()) : null;
    List<Generation> gens;
    try {
      gens = model.generate(prompts, plan.generation(), split == null ? GenerationListener.NONE : split);
      if (gens.size() != prompts.size()) {
        throw new IllegalStateException("the runtime returned " + gens.size() + " generations for "
            + prompts.size() + " prompts");
      }
    } catch (RuntimeException e) {
      if (split != null) {
        split.finish();
      }
      bw.end();
      for (Unit u : ok) {
        env.results().append(errorRow(u, model.runtime(), "generation failed: " + e.getMessage(), env));
        env.progress().advance(1);
      }
      return new int[] {units.size(), errors + ok.size()};
    }
    Optional<PhaseSplit.Phases> phases = split == null ? Optional.empty() : split.finish();
    Measurement m = bw.end();
    Window sw = env.monitor().begin("scoring");
    List<Map<String, String>> rows = new ArrayList<>();
    int n = ok.size();
    for (int i = 0; i < n; i++) {
      Unit u = ok.get(i);
      Generation g = gens.get(i);
      Map<String, String> row = base(u, model.runtime(), env);
      row.put("batch", Integer.toString(batchIndex));
      row.put("batch_size", Integer.toString(n));
      row.put("tokens_in", Integer.toString(g.tokensIn()));
      row.put("tokens_out", Integer.toString(g.tokensOut()));
      row.put("output_text", g.text());
      row.put("request_s", num(g.durationS()));
      row.put("ttft_s", num(g.ttftS()));
      row.put("libraries", model.libraries());
      energy(row, m, n, env);
      if (phases.isPresent()) {
        PhaseSplit.Phases p = phases.get();
        row.put("prefill_s", num(p.prefill().durationS()));
        row.put("decode_s", num(p.decode().durationS()));
        row.put("energy_prefill_j", num(p.prefill().grossEnergy().joules() / n));
        row.put("energy_decode_j", num(p.decode().grossEnergy().joules() / n));
        row.put("warnings", phaseWarnings(row.get("warnings"), p));
      } else if (split != null) {
        row.put("warnings", join(row.get("warnings"), "runtime " + model.runtime() + " did not report its first"
            + " token: the batch is not split into prefill and decode (prefill_s, decode_s, energy_prefill_j,"
            + " energy_decode_j left empty)"));
      }
      try {
        String answer = task.extract(g.text());
        row.put("answer", answer);
        ItemScore s = task.score(u.item(), answer);
        row.put("scores", new Gson().toJson(s.values()));
        row.put("note", s.note());
        if (s.values().containsKey(ts.gainMetric())) {
          row.put("score", num(s.values().get(ts.gainMetric())));
        }
      } catch (RuntimeException e) {
        row.put("error", "scoring failed: " + e.getMessage());
        errors++;
      }
      rows.add(row);
    }
    Measurement sm = sw.end();
    for (Map<String, String> row : rows) {
      row.put("finished_utc", Instant.now().toString());
      env.results().append(row);
      env.progress().advance(1);
    }
    String variant = ok.get(0).variant().name();
    phases.ifPresent(p -> {
      phase(env, variant, task.name(), "prefill", batchIndex, n, p.prefill(), List.of());
      phase(env, variant, task.name(), "decode", batchIndex, n, p.decode(), List.of());
    });
    phase(env, variant, task.name(), "scoring", batchIndex, n, sm, List.of());
    return new int[] {units.size(), errors};
  }

  /**
   * Splits a batch's generation at its first token: the {@code prefill} window opens with the batch (prompt
   * rendering, tokenization, image preprocessing and the prompt pass up to the first token of every row) and ends
   * when the runtime reports the first token, where the {@code decode} window begins; {@link #finish()} ends it.
   */
  static final class PhaseSplit implements GenerationListener {
    record Phases(Measurement prefill, Measurement decode) {}

    private final EnergyMonitor monitor;
    private final Window prefill;
    private Measurement prefillDone;
    private Window decode;

    PhaseSplit(EnergyMonitor monitor) {
      this.monitor = monitor;
      this.prefill = monitor.begin("prefill");
    }

    @Override
    public void firstToken() {
      if (decode != null) {
        return; // told twice: the first call split the batch
      }
      prefillDone = prefill.end();
      decode = monitor.begin("decode");
    }

    /** Ends the open window; both phases when the runtime reported its first token, else nothing. */
    Optional<Phases> finish() {
      if (decode == null) {
        prefill.end();
        return Optional.empty();
      }
      return Optional.of(new Phases(prefillDone, decode.end()));
    }
  }

  /** The batch's warnings plus those of the prefill and decode windows that it does not already carry. */
  private static String phaseWarnings(String batchWarnings, PhaseSplit.Phases p) {
    String out = batchWarnings == null ? "" : batchWarnings;
    List<String> have = List.of(out.split(" \\| "));
    for (String w : p.prefill().warnings()) {
      if (!have.contains(w)) {
        out = join(out, "prefill: " + w);
      }
    }
    for (String w : p.decode().warnings()) {
      if (!have.contains(w)) {
        out = join(out, "decode: " + w);
      }
    }
    return out;
  }

  private static String join(String warnings, String more) {
    return warnings == null || warnings.isEmpty() ? more : warnings + " | " + more;
  }

  private Map<String, String> base(Unit u, String runtimeLabel, Env env) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("run_id", plan.runId());
    row.put("shard", shard.toString());
    row.put("variant", u.variant().name());
    row.put("runtime", runtimeLabel);
    row.put("task", u.task().name());
    row.put("dataset", u.dataset().name());
    row.put("item_id", u.item().id());
    row.put("repeat", Integer.toString(u.repeat()));
    row.put("reference", new Gson().toJson(u.task().references(u.item())));
    row.put("metric", plan.task(u.task().name()).gainMetric());
    row.put("pue", num(plan.pue()));
    row.put("intensity_g_per_kwh", num(env.intensity().gramsPerKwh()));
    row.put("region", env.intensity().region());
    row.put("intensity_source", env.intensity().source());
    row.put("hardware", hardware());
    row.put("cegi_version", MeasurementEmissions.cegiVersion());
    return row;
  }

  private Map<String, String> errorRow(Unit u, String runtimeLabel, String error, Env env) {
    Map<String, String> row = base(u, runtimeLabel, env);
    row.put("error", error == null ? "error" : error);
    row.put("finished_utc", Instant.now().toString());
    return row;
  }

  private void energy(Map<String, String> row, Measurement m, int share, Env env) {
    Energy e = Energy.ofJoules(m.grossEnergy().joules() / share);
    row.put("duration_s", num(m.durationS()));
    row.put("energy_j", num(e.joules()));
    row.put("energy_net_j", num(m.netEnergy().joules() / share));
    for (Component c : Component.values()) {
      String col = c.name().toLowerCase(Locale.ROOT);
      if (m.has(c)) {
        row.put("energy_" + col + "_j", num(m.gross(c).joules() / share));
        row.put("method_" + col, m.method(c).map(x -> x.label()).orElse(""));
      }
    }
    row.put("probe", probes(m));
    Emissions em = Emissions.of(e, plan.pue(), env.intensity());
    row.put("co2e_g", num(em.grams()));
    List<String> warn = new ArrayList<>(m.warnings());
    em.warnings().stream().filter(w -> !warn.contains(w)).forEach(warn::add);
    row.put("warnings", String.join(" | ", warn));
    List<String> gpus = m.components().stream().filter(c -> c.component() == Component.GPU)
        .flatMap(c -> c.devices().stream()).distinct().toList();
    if (!gpus.isEmpty()) {
      row.put("hardware", hardware() + "; " + String.join(",", gpus));
    }
  }

  private void phase(Env env, String variant, String task, String phase, int requests, Measurement m) {
    phase(env, variant, task, phase, requests, m, List.of());
  }

  private void phase(Env env, String variant, String task, String phase, int requests, Measurement m,
      List<String> extraWarnings) {
    phase(env, variant, task, phase, -1, requests, m, extraWarnings);
  }

  /** A row of phases.csv; {@code batch} &lt; 0: not a batch's window (column left empty). */
  private void phase(Env env, String variant, String task, String phase, int batch, int requests, Measurement m,
      List<String> extraWarnings) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("run_id", plan.runId());
    row.put("shard", shard.toString());
    row.put("variant", variant);
    row.put("task", task);
    row.put("phase", phase);
    if (batch >= 0) {
      row.put("batch", Integer.toString(batch));
    }
    row.put("requests", Integer.toString(requests));
    row.put("duration_s", num(m.durationS()));
    row.put("energy_j", num(m.grossEnergy().joules()));
    for (Component c : Component.values()) {
      String col = c.name().toLowerCase(Locale.ROOT);
      if (m.has(c)) {
        row.put("energy_" + col + "_j", num(m.gross(c).joules()));
        row.put("method_" + col, m.method(c).map(x -> x.label()).orElse(""));
      }
    }
    row.put("co2e_g", num(Emissions.of(m.grossEnergy(), plan.pue(), env.intensity()).grams()));
    List<String> warn = new ArrayList<>(extraWarnings);
    warn.addAll(m.warnings());
    row.put("warnings", String.join(" | ", warn));
    row.put("finished_utc", Instant.now().toString());
    env.phases().append(row);
  }

  private void baselinePhase(Env env, org.cegi.measure.Baseline b) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("run_id", plan.runId());
    row.put("shard", shard.toString());
    row.put("variant", "");
    row.put("task", "");
    row.put("phase", "idle_baseline");
    row.put("requests", "0");
    row.put("duration_s", num(b.durationS()));
    double total = 0;
    for (Component c : Component.values()) {
      double j = b.idle(c).watts() * b.durationS();
      if (b.idle().containsKey(c)) {
        row.put("energy_" + c.name().toLowerCase(Locale.ROOT) + "_j", num(j));
        total += j;
      }
    }
    row.put("energy_j", num(total));
    row.put("co2e_g", num(Emissions.of(Energy.ofJoules(total), plan.pue(), env.intensity()).grams()));
    row.put("warnings", "idle power, subtracted from every window for energy_net_j");
    row.put("finished_utc", Instant.now().toString());
    env.phases().append(row);
  }

  private static String probes(Measurement m) {
    List<String> out = new ArrayList<>();
    for (ComponentMeasurement c : m.components()) {
      out.add(c.component().label() + ":" + c.probe() + "(" + c.method().label() + ")");
    }
    return String.join(";", out);
  }

  private static String hardware;

  private static synchronized String hardware() {
    if (hardware == null) {
      hardware = CpuTdp.cpuModelName().orElse(System.getProperty("os.arch")) + " x"
          + Runtime.getRuntime().availableProcessors();
    }
    return hardware;
  }

  static String num(double v) {
    return Double.toString(v);
  }
}
