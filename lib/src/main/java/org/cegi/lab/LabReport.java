package org.cegi.lab;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cegi.index.CegiResult;
import org.cegi.internal.Check;

/**
 * What a lab run produced: sizes, the measured steps, every variant with its held-out execution accuracy, and CEGI
 * of the fine-tuning (LoRA window emissions, base vs fine-tuned fp32 accuracy, the adapter's parameters; absolute
 * points of gain, since the base scores 0).
 *
 * @param configHash the configuration hash naming the run folder
 * @param version the lab version that trained it
 * @param dir the run folder
 * @param baseParams weights of the base model
 * @param trainableParams parameters of the LoRA adapter (counted from the adapter itself)
 * @param loraRank LoRA rank
 * @param loraTargets adapted projections
 * @param trainItems text-to-SQL training questions
 * @param heldOutItems held-out questions the scores are computed on
 * @param steps measured training and quantization windows
 * @param variants every model file with its score
 * @param intensityGPerKwh grid intensity used for the emissions
 * @param region the intensity's region
 */
public record LabReport(String configHash, String version, Path dir, long baseParams, long trainableParams,
    int loraRank, List<String> loraTargets, int trainItems, int heldOutItems, List<LabStep> steps,
    List<LabVariant> variants, double intensityGPerKwh, String region) {
  public LabReport {
    Check.nonBlank("configHash", configHash);
    Check.nonBlank("version", version);
    Check.notNull("dir", dir);
    loraTargets = List.copyOf(loraTargets);
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

  /** Execution accuracy of the base (fp32). */
  public double baseAccuracy() {
    return variant("lab-base-fp32").map(LabVariant::executionAccuracy).orElse(0.0);
  }

  /** Execution accuracy of the merged fine-tuned model (fp32). */
  public double fineTunedAccuracy() {
    return variant("lab-sql-lora-fp32").map(LabVariant::executionAccuracy).orElse(0.0);
  }

  /** CEGI of the fine-tuning: emissions of the LoRA window, gain in absolute points, adapter parameters. */
  public CegiResult cegi() {
    double g = step("lab/sql-lora").map(LabStep::co2eG).orElse(0.0);
    return Lab.cegi("lab-sql-lora", g, baseAccuracy(), fineTunedAccuracy(), trainableParams);
  }

  /** A plain-text table of the variants and steps. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "lab run %s (%s): base %,d weights, LoRA r=%d on %s = %,d trainable;"
        + " %d train / %d held-out questions%n", configHash, version, baseParams, loraRank, loraTargets,
        trainableParams, trainItems, heldOutItems));
    for (LabStep s : steps) {
      b.append(String.format(Locale.ROOT, "  %-16s %8.1f s %10.1f J %10.4f g CO2e  %s%s%n", s.name(), s.durationS(),
          s.energyJ(), s.co2eG(), s.method(),
          s.finalLoss() > 0 ? String.format(Locale.ROOT, "  loss %.3f", s.finalLoss()) : ""));
    }
    for (LabVariant v : variants) {
      b.append(String.format(Locale.ROOT, "  %-22s exec acc %.3f  %,12d bytes%n", v.name(), v.executionAccuracy(),
          v.fileBytes()));
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
    o.addProperty("train_items", trainItems);
    o.addProperty("heldout_items", heldOutItems);
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
      j.addProperty("fine_tuned", v.fineTuned());
      j.addProperty("execution_accuracy", v.executionAccuracy());
      j.addProperty("file_bytes", v.fileBytes());
      vs.add(j);
    }
    o.add("variants", vs);
    return o;
  }

  static LabReport fromJson(JsonObject o, Path dir) {
    List<String> targets = new ArrayList<>();
    o.getAsJsonArray("lora_targets").forEach(e -> targets.add(e.getAsString()));
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
      variants.add(new LabVariant(j.get("name").getAsString(), dir.resolve(j.get("folder").getAsString()),
          j.get("onnx_file").getAsString(), j.get("quantization").getAsString(), j.get("fine_tuned").getAsBoolean(),
          j.get("execution_accuracy").getAsDouble(), j.get("file_bytes").getAsLong()));
    }
    return new LabReport(o.get("config_hash").getAsString(), o.get("version").getAsString(), dir,
        o.get("base_params").getAsLong(), o.get("trainable_params").getAsLong(), o.get("lora_rank").getAsInt(),
        targets, o.get("train_items").getAsInt(), o.get("heldout_items").getAsInt(), steps, variants,
        o.get("intensity_g_per_kwh").getAsDouble(), o.get("region").getAsString());
  }
}
