package org.cegi.frames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cegi.bench.Aggregates;
import org.cegi.bench.Columns;
import org.cegi.bench.ResultsFile;
import org.cegi.bench.RunPlan;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.Lifecycle;
import org.cegi.internal.Check;
import org.cegi.model.Quantization;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables of run results ({@code results.csv}, {@code phases.csv}, {@code summary.csv} of
 * {@link org.cegi.bench.Run}): per request, per group (variant × task, × batch size, × quantization) with 95 %
 * intervals, per phase, and joined with the CEGI inputs a run does not measure. Each call returns a new table;
 * inputs are never changed. Energy columns keep their {@code method_*} columns: without a GPU or RAPL the CPU and
 * RAM figures are estimates, and the tables say so.
 *
 * <pre>{@code
 * Table items = RunFrames.items(result.resultsFile());          // one row per request, typed columns
 * Show.table(RunFrames.perVariantTask(items));                   // J/request, J/token, g CO2e with 95 % intervals
 * Show.table(RunFrames.perGroup(items, "variant", "batch_size"));
 * Table cegi = RunFrames.withCegi(RunFrames.perVariantTask(items), inputs);   // measured inference + CEGI inputs
 * List<Lifecycle> lives = RunFrames.lifecycles(cegi.where(cegi.stringColumn("task").isEqualTo("summarization")));
 * }</pre>
 */
public final class RunFrames {
  /** Written in a {@code method_*} column when no row of the group measured that component. */
  public static final String NOT_MEASURED = MeasurementFrames.NOT_MEASURED;

  private static final Set<String> INTS = Set.of("repeat", "batch", "batch_size", "tokens_in", "tokens_out",
      "requests", "errors");
  private static final Set<String> DOUBLES = Set.of("score", "pue", "intensity_g_per_kwh", "quality",
      "j_per_request", "j_per_token", "wh_per_1000_requests", "co2e_g_per_request", "co2e_g_total",
      "tokens_out_mean");
  private static final List<String> COMPONENTS = List.of("gpu", "cpu", "ram");

  private RunFrames() {}

  /**
   * One row per request, from one or more results files (shards, or the runs of a sweep), in file order. Numeric
   * columns are typed ({@code tokens_out} int, {@code energy_j} double, …); empty cells are missing values, not 0.
   * Columns: {@link Columns#RESULTS}.
   *
   * @throws IllegalArgumentException when a file does not exist or a numeric cell does not parse
   */
  public static Table items(Path... resultsFiles) {
    return items(List.of(resultsFiles));
  }

  /** {@link #items(Path...)} of a list of files. */
  public static Table items(List<Path> resultsFiles) {
    return read("Requests (one row per request)", resultsFiles, Columns.RESULTS);
  }

  /**
   * One row per measured phase window (load, warm-up, scoring, idle baseline), typed. Columns:
   * {@link Columns#PHASES}.
   */
  public static Table phases(Path... phasesFiles) {
    return read("Phases (one row per window)", List.of(phasesFiles), Columns.PHASES);
  }

  /**
   * The aggregates a run wrote ({@code summary.csv}: quality with its bootstrap interval, J/request, J/token,
   * Wh per 1,000 requests, g CO2e per request with 95 % intervals), typed. Columns: {@link Columns#SUMMARY}.
   */
  public static Table summary(Path summaryFile) {
    return read("Summary per variant x task (95 % intervals)", List.of(summaryFile), Columns.SUMMARY);
  }

  /**
   * The aggregates of a run in memory ({@code RunResult.summary()}), one row per variant × task. Columns:
   * {@code variant, task, requests, errors, quality_metric, quality, quality_ci_low, quality_ci_high,
   * j_per_request(_ci_low, _ci_high), j_per_token(…), co2e_g_per_request(…), co2e_g_total, tokens_out_mean,
   * methods}.
   */
  public static Table summary(List<Aggregates.Row> rows) {
    Check.noNulls("rows", rows);
    StringColumn variant = StringColumn.create("variant");
    StringColumn task = StringColumn.create("task");
    IntColumn requests = IntColumn.create("requests");
    IntColumn errors = IntColumn.create("errors");
    StringColumn metric = StringColumn.create("quality_metric");
    List<DoubleColumn> q = intervalColumns("quality");
    List<DoubleColumn> jr = intervalColumns("j_per_request");
    List<DoubleColumn> jt = intervalColumns("j_per_token");
    List<DoubleColumn> co2 = intervalColumns("co2e_g_per_request");
    DoubleColumn total = DoubleColumn.create("co2e_g_total");
    DoubleColumn tokens = DoubleColumn.create("tokens_out_mean");
    StringColumn methods = StringColumn.create("methods");
    for (Aggregates.Row r : rows) {
      variant.append(r.variant());
      task.append(r.task());
      requests.append(r.requests());
      errors.append(r.errors());
      metric.append(r.qualityMetric());
      append(q, r.quality());
      append(jr, r.joulesPerRequest());
      append(jt, r.joulesPerToken());
      append(co2, r.co2eGramsPerRequest());
      appendOrMissing(total, r.co2eGramsTotal());
      appendOrMissing(tokens, r.tokensOutMean());
      methods.append(r.methods());
    }
    Table t = Table.create("Summary per variant x task (95 % intervals)", variant, task, requests, errors, metric);
    q.forEach(t::addColumns);
    jr.forEach(t::addColumns);
    jt.forEach(t::addColumns);
    co2.forEach(t::addColumns);
    t.addColumns(total, tokens, methods);
    return t;
  }

  /** Energy and emissions per variant × task: {@link #perGroup} by {@code variant, task}. */
  public static Table perVariantTask(Table items) {
    return perGroup(items, "variant", "task");
  }

  /**
   * Energy and emissions of the requests grouped by the given columns, groups in the order they first appear.
   * Rows with an {@code error} are counted, not averaged. Columns: the group columns, then {@code requests,
   * errors, j_per_request, j_per_request_ci_low, j_per_request_ci_high, j_per_token(…), co2e_g_per_request(…)}
   * (means with 95 % Student-t intervals), {@code energy_gpu_j, energy_cpu_j, energy_ram_j} (mean per request;
   * missing where the component was not measured), {@code tokens_out_mean, score_mean} (mean per-item score of the
   * gain metric) and {@code method_gpu, method_cpu, method_ram} ({@value #NOT_MEASURED} when not measured).
   *
   * @param items a table of {@link #items}, possibly with more columns (e.g. from {@link #withVariants})
   * @param by the columns to group by, at least one
   * @throws IllegalArgumentException naming a column the table does not have
   */
  public static Table perGroup(Table items, String... by) {
    Check.notNull("items", items);
    Check.notNull("by", by);
    if (by.length == 0) {
      throw new IllegalArgumentException("perGroup needs at least one column to group by, e.g. \"variant\", \"task\"");
    }
    requireColumns(items, List.of(by), "group by");
    requireColumns(items, List.of("error", "energy_j", "tokens_out", "co2e_g"), "aggregate");
    Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < items.rowCount(); i++) {
      List<String> key = new ArrayList<>();
      for (String c : by) {
        key.add(items.column(c).getString(i));
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<Column<?>> keyCols = new ArrayList<>();
    for (String c : by) {
      keyCols.add(items.column(c).emptyCopy());
    }
    IntColumn requests = IntColumn.create("requests");
    IntColumn errors = IntColumn.create("errors");
    List<DoubleColumn> jr = intervalColumns("j_per_request");
    List<DoubleColumn> jt = intervalColumns("j_per_token");
    List<DoubleColumn> co2 = intervalColumns("co2e_g_per_request");
    List<DoubleColumn> comp = new ArrayList<>();
    List<StringColumn> methods = new ArrayList<>();
    for (String c : COMPONENTS) {
      comp.add(DoubleColumn.create("energy_" + c + "_j"));
      methods.add(StringColumn.create("method_" + c));
    }
    DoubleColumn tokens = DoubleColumn.create("tokens_out_mean");
    DoubleColumn score = DoubleColumn.create("score_mean");
    for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
      int first = g.getValue().get(0);
      for (int i = 0; i < by.length; i++) {
        appendFrom(keyCols.get(i), items.column(by[i]), first);
      }
      List<Double> jReq = new ArrayList<>();
      List<Double> jTok = new ArrayList<>();
      List<Double> grams = new ArrayList<>();
      List<List<Double>> perComp = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      List<Set<String>> meth = List.of(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
      List<Double> toks = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      int err = 0;
      for (int r : g.getValue()) {
        if (!items.column("error").getString(r).isBlank()) {
          err++;
          continue;
        }
        double e = number(items, "energy_j", r);
        double tn = number(items, "tokens_out", r);
        int t = Double.isNaN(tn) ? 0 : (int) tn;
        if (!Double.isNaN(e)) {
          jReq.add(e);
          if (t > 0) {
            jTok.add(e / t);
          }
        }
        double c = number(items, "co2e_g", r);
        if (!Double.isNaN(c)) {
          grams.add(c);
        }
        toks.add((double) t);
        if (items.containsColumn("score")) {
          double s = number(items, "score", r);
          if (!Double.isNaN(s)) {
            scores.add(s);
          }
        }
        for (int i = 0; i < 3; i++) {
          String col = "energy_" + COMPONENTS.get(i) + "_j";
          String mcol = "method_" + COMPONENTS.get(i);
          String m = items.containsColumn(mcol) ? items.column(mcol).getString(r) : "";
          if (!m.isBlank()) {
            meth.get(i).add(m);
            if (items.containsColumn(col)) {
              double v = number(items, col, r);
              if (!Double.isNaN(v)) {
                perComp.get(i).add(v);
              }
            }
          }
        }
      }
      requests.append(g.getValue().size());
      errors.append(err);
      append(jr, Aggregates.mean(jReq));
      append(jt, Aggregates.mean(jTok));
      append(co2, Aggregates.mean(grams));
      for (int i = 0; i < 3; i++) {
        appendOrMissing(comp.get(i), Aggregates.mean(perComp.get(i)).value());
        methods.get(i).append(meth.get(i).isEmpty() ? NOT_MEASURED : String.join("/", meth.get(i)));
      }
      appendOrMissing(tokens, Aggregates.mean(toks).value());
      appendOrMissing(score, Aggregates.mean(scores).value());
    }
    Table t = Table.create("Energy per request by " + String.join(" x ", by) + " (means, 95 % intervals)");
    keyCols.forEach(t::addColumns);
    t.addColumns(requests, errors);
    jr.forEach(t::addColumns);
    jt.forEach(t::addColumns);
    co2.forEach(t::addColumns);
    comp.forEach(t::addColumns);
    t.addColumns(tokens, score);
    methods.forEach(t::addColumns);
    return t;
  }

  /**
   * Energy per variant and phase (load, warm-up, scoring, idle baseline): windows, total duration, energy and
   * emissions. Columns: {@code variant, phase, windows, duration_s, energy_j, co2e_g, method_cpu}.
   */
  public static Table perPhase(Table phases) {
    Check.notNull("phases", phases);
    requireColumns(phases, List.of("variant", "phase", "duration_s", "energy_j", "co2e_g", "method_cpu"),
        "sum per phase");
    Map<List<String>, double[]> sums = new LinkedHashMap<>();
    Map<List<String>, Set<String>> methods = new LinkedHashMap<>();
    for (Row r : phases) {
      List<String> key = List.of(r.getString("variant"), r.getString("phase"));
      double[] s = sums.computeIfAbsent(key, k -> new double[4]);
      s[0]++;
      s[1] += zeroIfNaN(number(phases, "duration_s", r.getRowNumber()));
      s[2] += zeroIfNaN(number(phases, "energy_j", r.getRowNumber()));
      s[3] += zeroIfNaN(number(phases, "co2e_g", r.getRowNumber()));
      if (!r.getString("method_cpu").isBlank()) {
        methods.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(r.getString("method_cpu"));
      }
    }
    StringColumn variant = StringColumn.create("variant");
    StringColumn phase = StringColumn.create("phase");
    IntColumn windows = IntColumn.create("windows");
    DoubleColumn duration = DoubleColumn.create("duration_s");
    DoubleColumn energy = DoubleColumn.create("energy_j");
    DoubleColumn co2 = DoubleColumn.create("co2e_g");
    StringColumn method = StringColumn.create("method_cpu");
    sums.forEach((k, s) -> {
      variant.append(k.get(0).isBlank() ? "(run)" : k.get(0));
      phase.append(k.get(1));
      windows.append((int) s[0]);
      duration.append(s[1]);
      energy.append(s[2]);
      co2.append(s[3]);
      method.append(String.join("/", methods.getOrDefault(k, Set.of(NOT_MEASURED))));
    });
    return Table.create("Energy per variant and phase (sums)", variant, phase, windows, duration, energy, co2,
        method);
  }

  /**
   * The variants of a plan, one row each. Columns: {@code variant, model} (the fixture, catalog id or folder name:
   * the same model at several quantizations shares it), {@code source} ({@code fixture|path|catalog}),
   * {@code quantization, weight_bits, runtime}.
   */
  public static Table variants(RunPlan plan) {
    Check.notNull("plan", plan);
    StringColumn variant = StringColumn.create("variant");
    StringColumn model = StringColumn.create("model");
    StringColumn source = StringColumn.create("source");
    StringColumn quant = StringColumn.create("quantization");
    IntColumn bits = IntColumn.create("weight_bits");
    StringColumn runtime = StringColumn.create("runtime");
    for (RunPlan.VariantSpec v : plan.variants()) {
      variant.append(v.name());
      if (!v.fixture().isBlank()) {
        model.append(v.fixture());
        source.append("fixture");
      } else if (!v.catalog().isBlank()) {
        model.append(v.catalog());
        source.append("catalog");
      } else {
        Path p = Path.of(v.path()).getFileName();
        model.append(p == null ? v.path() : p.toString());
        source.append("path");
      }
      Quantization q = Quantization.parse(v.quantization());
      quant.append(q.label());
      bits.append(q.weightBits());
      runtime.append(v.runtime());
    }
    return Table.create("Variants of plan " + plan.name(), variant, model, source, quant, bits, runtime);
  }

  /**
   * The table with the plan's {@code model, quantization, weight_bits} added to each row by {@code variant}.
   *
   * @throws IllegalArgumentException when a row's variant is not in the plan
   */
  public static Table withVariants(Table table, RunPlan plan) {
    Check.notNull("table", table);
    requireColumns(table, List.of("variant"), "join the plan's variants");
    Table v = variants(plan);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < v.rowCount(); i++) {
      index.put(v.stringColumn("variant").get(i), i);
    }
    StringColumn model = StringColumn.create("model");
    StringColumn quant = StringColumn.create("quantization");
    IntColumn bits = IntColumn.create("weight_bits");
    for (int i = 0; i < table.rowCount(); i++) {
      String name = table.stringColumn("variant").get(i);
      Integer at = index.get(name);
      if (at == null) {
        throw new IllegalArgumentException("Variant " + name + " of the table is not in plan " + plan.name()
            + " (variants " + index.keySet() + "): join with the plan the rows were run with.");
      }
      model.append(v.stringColumn("model").get(at));
      quant.append(v.stringColumn("quantization").get(at));
      bits.append(v.intColumn("weight_bits").get(at));
    }
    Table t = table.copy();
    t.setName(table.name());
    t.addColumns(model, quant, bits);
    return t;
  }

  /**
   * Measured inference cost joined with the CEGI inputs a run does not measure, one row per input, in the order
   * given. CEGI uses the inputs' fine-tuning emissions (the paper's E), RELATIVE gain and metrics on 0–1; the
   * measured {@code co2e_g_per_request} is the serving cost the lifecycle view adds per request. Columns:
   * {@code variant, task, j_per_request, co2e_g_per_request, method_cpu, method_gpu, method_ram} (measured),
   * {@code base_metric, tuned_metric, trainable_params, fine_tuning_kg_co2e, inputs} (given), {@code gain, cegi,
   * cegi_unit, status, reason}.
   *
   * @param perVariantTask a table of {@link #perVariantTask} (or {@link #perGroup} by variant and task)
   * @throws IllegalArgumentException when an input names a variant × task the table does not have (the message
   *     lists the ones it has)
   */
  public static Table withCegi(Table perVariantTask, Collection<CegiInput> inputs) {
    Check.notNull("perVariantTask", perVariantTask);
    Check.noNulls("inputs", inputs);
    requireColumns(perVariantTask, List.of("variant", "task", "j_per_request", "co2e_g_per_request",
        "method_gpu", "method_cpu", "method_ram"), "join CEGI inputs");
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < perVariantTask.rowCount(); i++) {
      index.put(perVariantTask.stringColumn("variant").get(i) + " x " + perVariantTask.stringColumn("task").get(i),
          i);
    }
    StringColumn variant = StringColumn.create("variant");
    StringColumn task = StringColumn.create("task");
    DoubleColumn jPerRequest = DoubleColumn.create("j_per_request");
    DoubleColumn gPerRequest = DoubleColumn.create("co2e_g_per_request");
    StringColumn[] methods = {StringColumn.create("method_cpu"), StringColumn.create("method_gpu"),
        StringColumn.create("method_ram")};
    DoubleColumn base = DoubleColumn.create("base_metric");
    DoubleColumn tuned = DoubleColumn.create("tuned_metric");
    LongColumn params = LongColumn.create("trainable_params");
    DoubleColumn ftKg = DoubleColumn.create("fine_tuning_kg_co2e");
    StringColumn source = StringColumn.create("inputs");
    DoubleColumn gain = DoubleColumn.create("gain");
    DoubleColumn cegi = DoubleColumn.create("cegi");
    StringColumn unit = StringColumn.create("cegi_unit");
    StringColumn status = StringColumn.create("status");
    StringColumn reason = StringColumn.create("reason");
    for (CegiInput in : inputs) {
      Integer at = index.get(in.variant() + " x " + in.task());
      if (at == null) {
        throw new IllegalArgumentException("CEGI input for " + in.variant() + " x " + in.task() + " has no measured"
            + " row: the run has " + index.keySet() + ". Fix the variant or task name, or run that variant on"
            + " that task.");
      }
      double g = perVariantTask.doubleColumn("co2e_g_per_request").get(at);
      if (Double.isNaN(g)) {
        throw new IllegalArgumentException(in.variant() + " x " + in.task() + " has no measured emissions per"
            + " request (every request failed?): look at the error column of its rows.");
      }
      variant.append(in.variant());
      task.append(in.task());
      jPerRequest.append(perVariantTask.doubleColumn("j_per_request").get(at));
      gPerRequest.append(g);
      methods[0].append(perVariantTask.stringColumn("method_cpu").get(at));
      methods[1].append(perVariantTask.stringColumn("method_gpu").get(at));
      methods[2].append(perVariantTask.stringColumn("method_ram").get(at));
      base.append(in.baseMetric());
      tuned.append(in.tunedMetric());
      params.append(in.trainableParams());
      ftKg.append(in.fineTuningKgCo2e());
      source.append(in.source());
      CegiResult r = Cegi.of(in.variant(), in.fineTuningKgCo2e(), in.baseMetric(), in.tunedMetric(),
          in.trainableParams());
      appendOrMissing(gain, r.gainPercent().orElse(Double.NaN));
      appendOrMissing(cegi, r.value().orElse(Double.NaN));
      unit.append(r.unitLabel());
      status.append(r.status().name());
      reason.append(r.hasValue() ? "" : r.reason());
    }
    Table t = Table.create("Measured inference cost joined with CEGI inputs", variant, task, jPerRequest,
        gPerRequest);
    t.addColumns(methods);
    t.addColumns(base, tuned, params, ftKg, source, gain, cegi, unit, status, reason);
    return t;
  }

  /**
   * The CEGI results of a {@link #withCegi} table (fine-tuning emissions only, as in the paper), in row order,
   * named by variant.
   */
  public static List<CegiResult> cegiResults(Table withCegi) {
    Check.notNull("withCegi", withCegi);
    requireColumns(withCegi, List.of("variant", "base_metric", "tuned_metric", "trainable_params",
        "fine_tuning_kg_co2e"), "rebuild CEGI results (use a table of RunFrames.withCegi)");
    List<CegiResult> out = new ArrayList<>();
    for (Row r : withCegi) {
      out.add(Cegi.of(r.getString("variant"), r.getDouble("fine_tuning_kg_co2e"), r.getDouble("base_metric"),
          r.getDouble("tuned_metric"), r.getLong("trainable_params")));
    }
    return List.copyOf(out);
  }

  /**
   * The lifecycles of a {@link #withCegi} table: fine-tuning emissions plus the measured {@code co2e_g_per_request}
   * per request served, in row order. Filter the table to one task first: lifecycles of different tasks do not
   * compare.
   */
  public static List<Lifecycle> lifecycles(Table withCegi) {
    List<CegiResult> results = cegiResults(withCegi);
    requireColumns(withCegi, List.of("co2e_g_per_request"), "build lifecycles");
    List<Lifecycle> out = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      out.add(Lifecycle.of(results.get(i), withCegi.doubleColumn("co2e_g_per_request").get(i) / 1000.0));
    }
    return List.copyOf(out);
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private static Table read(String title, List<Path> files, List<String> known) {
    Check.noNulls("files", files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("give at least one file to read, e.g. result.resultsFile()");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(known);
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("Run file " + f + " does not exist: run the plan first"
            + " (Run.builder(plan).output(dir).build().execute()) or give the path of the file it wrote.");
      }
      for (Map<String, String> r : ResultsFile.read(f)) {
        r.keySet().stream().filter(k -> !header.contains(k)).forEach(header::add);
        r.put("\u0000file", f.toString());
        rows.add(r);
      }
    }
    Table t = Table.create(title);
    for (String c : header) {
      t.addColumns(column(c, rows));
    }
    return t;
  }

  private static Column<?> column(String name, List<Map<String, String>> rows) {
    if (INTS.contains(name)) {
      IntColumn c = IntColumn.create(name);
      for (Map<String, String> r : rows) {
        String v = r.getOrDefault(name, "");
        if (v.isBlank()) {
          c.appendMissing();
        } else {
          c.append((int) parse(name, v, r));
        }
      }
      return c;
    }
    if (DOUBLES.contains(name) || name.endsWith("_s") || name.endsWith("_j") || name.endsWith("_g")
        || name.endsWith("_ci_low") || name.endsWith("_ci_high")) {
      DoubleColumn c = DoubleColumn.create(name);
      for (Map<String, String> r : rows) {
        String v = r.getOrDefault(name, "");
        if (v.isBlank()) {
          c.appendMissing();
        } else {
          c.append(parse(name, v, r));
        }
      }
      return c;
    }
    StringColumn c = StringColumn.create(name);
    for (Map<String, String> r : rows) {
      c.append(r.getOrDefault(name, ""));
    }
    return c;
  }

  private static double parse(String column, String value, Map<String, String> row) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Column " + column + " of " + row.get("\u0000file") + " holds \"" + value
          + "\", not a number: the file is not one a run wrote, or was edited by hand; re-run the plan into a new"
          + " folder.", e);
    }
  }

  static void requireColumns(Table t, List<String> columns, String purpose) {
    List<String> missing = columns.stream().filter(c -> !t.containsColumn(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Table \"" + t.name() + "\" has no column " + String.join(", ", missing)
          + " to " + purpose + "; its columns are " + t.columnNames() + ".");
    }
  }

  private static double number(Table t, String column, int row) {
    Column<?> c = t.column(column);
    if (c.isMissing(row)) {
      return Double.NaN;
    }
    if (c.type() == ColumnType.DOUBLE) {
      return t.doubleColumn(column).getDouble(row);
    }
    if (c.type() == ColumnType.INTEGER) {
      return t.intColumn(column).getInt(row);
    }
    if (c.type() == ColumnType.LONG) {
      return t.longColumn(column).getLong(row);
    }
    throw new IllegalArgumentException("Column " + column + " of \"" + t.name() + "\" is " + c.type()
        + ", not a number: read the file with RunFrames.items.");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void appendFrom(Column target, Column source, int row) {
    target.append(source, row);
  }

  private static List<DoubleColumn> intervalColumns(String name) {
    return List.of(DoubleColumn.create(name), DoubleColumn.create(name + "_ci_low"),
        DoubleColumn.create(name + "_ci_high"));
  }

  private static void append(List<DoubleColumn> cols, Aggregates.Interval i) {
    appendOrMissing(cols.get(0), i.value());
    appendOrMissing(cols.get(1), i.low());
    appendOrMissing(cols.get(2), i.high());
  }

  private static void appendOrMissing(DoubleColumn c, double v) {
    if (Double.isNaN(v)) {
      c.appendMissing();
    } else {
      c.append(v);
    }
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
