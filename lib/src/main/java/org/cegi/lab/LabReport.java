package org.cegi.lab;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cegi.index.CegiResult;
import org.cegi.internal.Check;

/**
 * What a lab run produced: sizes, the measured steps, every variant with its held-out scores, the run plan that runs
 * the variants through the run engine ({@link #planFile()}), and CEGI of each task's fine-tuning (that task's LoRA
 * window emissions, base vs fine-tuned fp32 score on the task's gain metric, the adapter's parameters; absolute
 * points of gain, so that the two tasks compare and a base scoring 0 still has a CEGI).
 *
 * <pre>{@code
 * LabReport r = lab.train(LabConfig.defaults(), monitor, intensity, false, System.out::println);
 * r.fineTunedScore("summarization");          // ROUGE-L of lab-summ-lora-fp32 on the held-out dialogues
 * r.cegi("text-to-sql");                      // CegiResult of the text-to-SQL fine-tuning
 * RunPlan plan = RunPlan.load(r.planFile());  // (org.cegi.bench) every variant on its tasks' held-out files
 * }</pre>
 *
 * @param configHash the configuration hash naming the run folder
 * @param version the lab version that trained it
 * @param dir the run folder
 * @param baseParams weights of the base model
 * @param trainableParams parameters of one LoRA adapter (counted from the adapter itself; the same per task)
 * @param loraRank LoRA rank
 * @param loraTargets adapted projections
 * @param tasks the fine-tuned tasks with their data sizes and held-out files
 * @param steps measured training and quantization windows
 * @param variants every model file with its scores
 * @param intensityGPerKwh grid intensity used for the emissions
 * @param region the intensity's region
 */
public record LabReport(String configHash, String version, Path dir, long baseParams, long trainableParams,
    int loraRank, List<String> loraTargets, List<TaskData> tasks, List<LabStep> steps, List<LabVariant> variants,
    double intensityGPerKwh, String region) {

  /**
   * One fine-tuned task of a run.
   *
   * @param task the run engine's task name ({@code text-to-sql}, {@code summarization})
   * @param key the short name in variant and window names ({@code sql}, {@code summ})
   * @param metric the gain metric the scores are in ({@code execution_accuracy}, {@code rougeL})
   * @param trainItems training items
   * @param heldOutItems held-out items the scores are computed on
   * @param heldOutFile the held-out data file, relative to the run folder ({@code source:} of the plan)
   */
  public record TaskData(String task, String key, String metric, int trainItems, int heldOutItems,
      String heldOutFile) {
    public TaskData {
      Check.nonBlank("task", task);
      Check.nonBlank("key", key);
      Check.nonBlank("metric", metric);
      Check.nonNegative("trainItems", trainItems);
      Check.nonNegative("heldOutItems", heldOutItems);
      Check.nonBlank("heldOutFile", heldOutFile);
    }
  }

  public LabReport {
    Check.nonBlank("configHash", configHash);
    Check.nonBlank("version", version);
    Check.notNull("dir", dir);
    loraTargets = List.copyOf(loraTargets);
    tasks = List.copyOf(tasks);
    steps = List.copyOf(steps);
    variants = List.copyOf(variants);
    Check.notNull("region", region);
  }

  /** A variant by name, e.g. {@code lab-sql-lora-q4}. */
  public Optional<LabVariant> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** A measured step by window name, e.g. {@code lab/sql-lora}. */
  public Optional<LabStep> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A task of the run by name ({@code text-to-sql}, {@code summarization}). */
  public TaskData task(String name) {
    return tasks.stream().filter(t -> t.task().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("Lab run " + configHash + " has no task " + name + ": it has "
            + tasks.stream().map(TaskData::task).toList() + "."));
  }

  /** The run plan of this run ({@code plan.yaml} in the run folder): load it with {@code RunPlan.load}. */
  public Path planFile() {
    return dir.resolve("plan.yaml");
  }

  /** The base (fp32) on a task's held-out items, in the task's gain metric. */
  public double baseScore(String task) {
    return variant("lab-base-fp32").orElseThrow().score(task);
  }

  /** The merged fine-tune of that task (fp32) on its held-out items, in the task's gain metric. */
  public double fineTunedScore(String task) {
    return variant("lab-" + task(task).key() + "-lora-fp32").orElseThrow().score(task);
  }

  /** Execution accuracy of the base (fp32) on the held-out questions. */
  public double baseAccuracy() {
    return baseScore("text-to-sql");
  }

  /** Execution accuracy of the text-to-SQL fine-tune (fp32). */
  public double fineTunedAccuracy() {
    return fineTunedScore("text-to-sql");
  }

  /**
   * CEGI of one task's fine-tuning: emissions of its LoRA window, gain in absolute points, adapter parameters.
   */
  public CegiResult cegi(String task) {
    TaskData t = task(task);
    double g = step("lab/" + t.key() + "-lora").map(LabStep::co2eG).orElse(0.0);
    return Lab.cegi("lab-" + t.key() + "-lora · " + t.task(), g, baseScore(task), fineTunedScore(task),
        trainableParams);
  }

  /** CEGI of every task's fine-tuning, in task order. */
  public List<CegiResult> cegis() {
    return tasks.stream().map(t -> cegi(t.task())).toList();
  }

  /** CEGI of the text-to-SQL fine-tuning (as {@link #cegi(String)}). */
  public CegiResult cegi() {
    return cegi("text-to-sql");
  }

  /** A plain-text table of the tasks, steps and variants. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "lab run %s (%s): base %,d weights, LoRA r=%d on %s = %,d trainable%n",
        configHash, version, baseParams, loraRank, loraTargets, trainableParams));
    for (TaskData t : tasks) {
      b.append(String.format(Locale.ROOT, "  task %-14s %4d train / %3d held-out, metric %s, base %.3f ->"
          + " fine-tuned %.3f%n", t.task(), t.trainItems(), t.heldOutItems(), t.metric(), baseScore(t.task()),
          fineTunedScore(t.task())));
    }
    for (LabStep s : steps) {
      b.append(String.format(Locale.ROOT, "  %-16s %8.1f s %10.1f J %10.4f g CO2e  %s%s%n", s.name(), s.durationS(),
          s.energyJ(), s.co2eG(), s.method(),
          s.finalLoss() > 0 ? String.format(Locale.ROOT, "  loss %.3f", s.finalLoss()) : ""));
    }
    for (LabVariant v : variants) {
      b.append(String.format(Locale.ROOT, "  %-22s %-48s %,12d bytes%n", v.name(), v.scoreText(), v.fileBytes()));
    }
    b.append("  plan: ").append(planFile()).append('\n');
    return b.toString();
  }

  JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("config_hash", configHash);
    o.addProperty("version", version);
    o.addProperty("base_params", baseParams);
    o.addProperty("trainable_params", trainableParams);
    o.addProperty("lora_rank", loraRank);
    JsonArray t = new JsonArray();
    loraTargets.forEach(t::add);
    o.add("lora_targets", t);
    JsonArray ts = new JsonArray();
    for (TaskData d : tasks) {
      JsonObject j = new JsonObject();
      j.addProperty("task", d.task());
      j.addProperty("key", d.key());
      j.addProperty("metric", d.metric());
      j.addProperty("train_items", d.trainItems());
      j.addProperty("heldout_items", d.heldOutItems());
      j.addProperty("heldout_file", d.heldOutFile());
      ts.add(j);
    }
    o.add("tasks", ts);
    o.addProperty("plan_file", dir.relativize(planFile()).toString());
    o.addProperty("intensity_g_per_kwh", intensityGPerKwh);
    o.addProperty("region", region);
    JsonArray st = new JsonArray();
    for (LabStep s : steps) {
      JsonObject j = new JsonObject();
      j.addProperty("name", s.name());
      j.addProperty("duration_s", s.durationS());
      j.addProperty("energy_j", s.energyJ());
      j.addProperty("co2e_g", s.co2eG());
      j.addProperty("method", s.method());
      j.addProperty("final_loss", s.finalLoss());
      st.add(j);
    }
    o.add("steps", st);
    JsonArray vs = new JsonArray();
    for (LabVariant v : variants) {
      JsonObject j = new JsonObject();
      j.addProperty("name", v.name());
      j.addProperty("folder", dir.relativize(v.dir()).toString());
      j.addProperty("onnx_file", v.onnxFile());
      j.addProperty("quantization", v.quantization());
      j.addProperty("fine_tuned_for", v.fineTunedFor());
      JsonObject sc = new JsonObject();
      v.scores().forEach(sc::addProperty);
      j.add("scores", sc);
      j.addProperty("file_bytes", v.fileBytes());
      vs.add(j);
    }
    o.add("variants", vs);
    return o;
  }

  static LabReport fromJson(JsonObject o, Path dir) {
    List<String> targets = new ArrayList<>();
    o.getAsJsonArray("lora_targets").forEach(e -> targets.add(e.getAsString()));
    List<TaskData> tasks = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("tasks")) {
      JsonObject j = e.getAsJsonObject();
      tasks.add(new TaskData(j.get("task").getAsString(), j.get("key").getAsString(), j.get("metric").getAsString(),
          j.get("train_items").getAsInt(), j.get("heldout_items").getAsInt(), j.get("heldout_file").getAsString()));
    }
    List<LabStep> steps = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("steps")) {
      JsonObject j = e.getAsJsonObject();
      steps.add(new LabStep(j.get("name").getAsString(), j.get("duration_s").getAsDouble(),
          j.get("energy_j").getAsDouble(), j.get("co2e_g").getAsDouble(), j.get("method").getAsString(),
          j.get("final_loss").getAsDouble()));
    }
    List<LabVariant> variants = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("variants")) {
      JsonObject j = e.getAsJsonObject();
      Map<String, Double> scores = new LinkedHashMap<>();
      j.getAsJsonObject("scores").entrySet().forEach(kv -> scores.put(kv.getKey(), kv.getValue().getAsDouble()));
      variants.add(new LabVariant(j.get("name").getAsString(), dir.resolve(j.get("folder").getAsString()),
          j.get("onnx_file").getAsString(), j.get("quantization").getAsString(),
          j.get("fine_tuned_for").getAsString(), scores, j.get("file_bytes").getAsLong()));
    }
    return new LabReport(o.get("config_hash").getAsString(), o.get("version").getAsString(), dir,
        o.get("base_params").getAsLong(), o.get("trainable_params").getAsLong(), o.get("lora_rank").getAsInt(),
        targets, tasks, steps, variants, o.get("intensity_g_per_kwh").getAsDouble(), o.get("region").getAsString());
  }
}
