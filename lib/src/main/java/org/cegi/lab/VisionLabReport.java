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
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.GainConvention;
import org.cegi.internal.Check;

/**
 * What a vision-lab run produced: sizes, the measured steps, every variant's held-out scores per task, and per task
 * the CEGI of its fine-tuning (the task's LoRA window emissions, base vs fine-tuned fp32 on the task's gain metric,
 * the adapter's parameters; gain in absolute points: VQA exact match × 100, CIDEr-D × 10, i.e. on its 0–10 range).
 *
 * @param configHash the configuration hash naming the run folder
 * @param version the vision lab version that trained it
 * @param dir the run folder
 * @param baseParams weights of the base model (decoder and vision encoder)
 * @param trainableParams parameters of each task's LoRA adapter (counted from the adapter itself)
 * @param loraRank LoRA rank
 * @param loraTargets adapted projections
 * @param trainScenes scenes trained on
 * @param heldOutScenes scenes scored on
 * @param steps measured training and quantization windows
 * @param variants every model file scored on each task it is meant for
 * @param intensityGPerKwh grid intensity used for the emissions
 * @param region the intensity's region
 */
public record VisionLabReport(String configHash, String version, Path dir, long baseParams, long trainableParams,
    int loraRank, List<String> loraTargets, int trainScenes, int heldOutScenes, List<LabStep> steps,
    List<VisionLabVariant> variants, double intensityGPerKwh, String region) {
  /** The file name of the run plan written beside the report. */
  public static final String PLAN = "vision-lab-plan.yaml";

  public VisionLabReport {
    Check.nonBlank("configHash", configHash);
    Check.nonBlank("version", version);
    Check.notNull("dir", dir);
    loraTargets = List.copyOf(loraTargets);
    steps = List.copyOf(steps);
    variants = List.copyOf(variants);
    Check.notNull("region", region);
  }

  /** A scored variant by name and task, e.g. {@code vlab-base-fp32} on {@code vqa}. */
  public Optional<VisionLabVariant> variant(String name, String task) {
    return variants.stream().filter(v -> v.name().equals(name) && v.task().equals(task)).findFirst();
  }

  /** A measured step by window name, e.g. {@code lab/caption-lora}. */
  public Optional<LabStep> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The gain metric of a task: {@code cider_d} for captioning, {@code exact_match} for VQA. */
  public static String gainMetric(String task) {
    return switch (task) {
      case "captioning" -> "cider_d";
      case "vqa" -> "exact_match";
      default -> throw new IllegalArgumentException("the vision lab has the tasks captioning and vqa, not " + task);
    };
  }

  /** The fine-tuned family of a task: {@code vlab-caption-lora} or {@code vlab-vqa-lora}. */
  public static String family(String task) {
    gainMetric(task);
    return task.equals("captioning") ? "vlab-caption-lora" : "vlab-vqa-lora";
  }

  /** The LoRA window of a task: {@code lab/caption-lora} or {@code lab/vqa-lora}. */
  public static String window(String task) {
    gainMetric(task);
    return task.equals("captioning") ? "lab/caption-lora" : "lab/vqa-lora";
  }

  /** The base's (fp32) gain metric on a task. */
  public double baseScore(String task) {
    return variant("vlab-base-fp32", task).map(v -> v.score(gainMetric(task))).orElse(0.0);
  }

  /** The merged fine-tuned model's (fp32) gain metric on its task. */
  public double fineTunedScore(String task) {
    return variant(family(task) + "-fp32", task).map(v -> v.score(gainMetric(task))).orElse(0.0);
  }

  /**
   * CEGI of a task's fine-tuning: emissions of its LoRA window, gain in absolute points of the task's gain metric on a
   * 0–1 scale (exact match as it is; CIDEr-D, which runs 0–10, divided by 10, so a point is 0.1 CIDEr-D), the
   * adapter's parameters — the same convention as the text lab's {@link LabReport#cegi(String)}.
   */
  public CegiResult cegi(String task) {
    double g = step(window(task)).map(LabStep::co2eG).orElse(0.0);
    double toUnit = task.equals("captioning") ? 0.1 : 1.0;
    return Cegi.builder().name(family(task) + " · " + task).emissionsGrams(g)
        .base(Math.min(1, baseScore(task) * toUnit)).tuned(Math.min(1, fineTunedScore(task) * toUnit))
        .trainableParams(trainableParams).gain(GainConvention.ABSOLUTE_POINTS).build();
  }

  /** The run plan ({@link #PLAN}) that scores every variant through the run engine ({@code cegi run <plan>}). */
  public Path planFile() {
    return dir.resolve(PLAN);
  }

  /** A plain-text table of the steps and the variants' scores. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "vision lab run %s (%s): base %,d weights, LoRA r=%d on %s = %,d trainable"
        + " per task; %d train / %d held-out scenes%n", configHash, version, baseParams, loraRank, loraTargets,
        trainableParams, trainScenes, heldOutScenes));
    for (LabStep s : steps) {
      b.append(String.format(Locale.ROOT, "  %-22s %8.1f s %10.1f J %10.4f g CO2e  %s%s%n", s.name(), s.durationS(),
          s.energyJ(), s.co2eG(), s.method(),
          s.finalLoss() > 0 ? String.format(Locale.ROOT, "  loss %.3f", s.finalLoss()) : ""));
    }
    for (VisionLabVariant v : variants) {
      StringBuilder sc = new StringBuilder();
      v.scores().forEach((k, x) -> sc.append(String.format(Locale.ROOT, " %s %.3f", k, x)));
      b.append(String.format(Locale.ROOT, "  %-24s %-10s%s  (%d items, %,d bytes)%n", v.name(), v.task(), sc,
          v.items(), v.fileBytes()));
    }
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
    o.addProperty("train_scenes", trainScenes);
    o.addProperty("heldout_scenes", heldOutScenes);
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
    for (VisionLabVariant v : variants) {
      JsonObject j = new JsonObject();
      j.addProperty("name", v.name());
      j.addProperty("folder", dir.relativize(v.dir()).toString());
      j.addProperty("quantization", v.quantization());
      j.addProperty("fine_tuned", v.fineTuned());
      j.addProperty("task", v.task());
      JsonObject sc = new JsonObject();
      v.scores().forEach(sc::addProperty);
      j.add("scores", sc);
      j.addProperty("items", v.items());
      j.addProperty("file_bytes", v.fileBytes());
      vs.add(j);
    }
    o.add("variants", vs);
    return o;
  }

  static VisionLabReport fromJson(JsonObject o, Path dir) {
    List<String> targets = new ArrayList<>();
    o.getAsJsonArray("lora_targets").forEach(e -> targets.add(e.getAsString()));
    List<LabStep> steps = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("steps")) {
      JsonObject j = e.getAsJsonObject();
      steps.add(new LabStep(j.get("name").getAsString(), j.get("duration_s").getAsDouble(),
          j.get("energy_j").getAsDouble(), j.get("co2e_g").getAsDouble(), j.get("method").getAsString(),
          j.get("final_loss").getAsDouble()));
    }
    List<VisionLabVariant> variants = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("variants")) {
      JsonObject j = e.getAsJsonObject();
      Map<String, Double> scores = new LinkedHashMap<>();
      j.getAsJsonObject("scores").entrySet().forEach(x -> scores.put(x.getKey(), x.getValue().getAsDouble()));
      variants.add(new VisionLabVariant(j.get("name").getAsString(), dir.resolve(j.get("folder").getAsString()),
          j.get("quantization").getAsString(), j.get("fine_tuned").getAsBoolean(), j.get("task").getAsString(),
          scores, j.get("items").getAsInt(), j.get("file_bytes").getAsLong()));
    }
    return new VisionLabReport(o.get("config_hash").getAsString(), o.get("version").getAsString(), dir,
        o.get("base_params").getAsLong(), o.get("trainable_params").getAsLong(), o.get("lora_rank").getAsInt(),
        targets, o.get("train_scenes").getAsInt(), o.get("heldout_scenes").getAsInt(), steps, variants,
        o.get("intensity_g_per_kwh").getAsDouble(), o.get("region").getAsString());
  }
}
