package org.cegi.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.cegi.internal.Check;

/**
 * The models of the paper's families with their Hugging Face ids and ONNX file names, plus user entries from local
 * folders or a small JSON file.
 *
 * <pre>{@code
 * ModelCatalog catalog = ModelCatalog.builtIn().withFolder(Path.of("models/my-qwen"));
 * ModelVariant q4 = catalog.get("qwen2.5-0.5b-instruct", Quantization.Q4);
 * List<ModelVariant> all = catalog.variants();
 * }</pre>
 */
public final class ModelCatalog {
  /** One catalog entry: a model in its base encoding and the encodings it is published in. */
  public record Entry(ModelVariant base, Set<Quantization> quantizations) {
    public Entry {
      Check.notNull("base", base);
      quantizations = Collections.unmodifiableSet(EnumSet.copyOf(quantizations));
    }
  }

  private static final Set<Quantization> TRANSFORMERS_JS_SET =
      EnumSet.of(Quantization.FP32, Quantization.FP16, Quantization.INT8, Quantization.UINT8, Quantization.Q8,
          Quantization.Q4,
          Quantization.Q4F16, Quantization.BNB4);

  private final Map<String, Entry> entries;

  private ModelCatalog(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** The paper's families (Qwen2, Qwen2.5, Llama 3.2) as exported to ONNX by the onnx-community organisation. */
  public static ModelCatalog builtIn() {
    Map<String, Entry> m = new LinkedHashMap<>();
    hub(m, "qwen2-0.5b-instruct", "qwen2", "0.5B", 494_032_768L, "onnx-community/Qwen2-0.5B-Instruct");
    hub(m, "qwen2-1.5b-instruct", "qwen2", "1.5B", 1_543_714_304L, "onnx-community/Qwen2-1.5B-Instruct");
    hub(m, "qwen2.5-0.5b-instruct", "qwen2.5", "0.5B", 494_032_768L, "onnx-community/Qwen2.5-0.5B-Instruct");
    hub(m, "qwen2.5-1.5b-instruct", "qwen2.5", "1.5B", 1_543_714_304L, "onnx-community/Qwen2.5-1.5B-Instruct");
    hub(m, "qwen2.5-3b-instruct", "qwen2.5", "3B", 3_085_938_688L, "onnx-community/Qwen2.5-3B-Instruct");
    hub(m, "qwen2.5-7b-instruct", "qwen2.5", "7B", 7_615_616_512L, "onnx-community/Qwen2.5-7B-Instruct");
    hub(m, "llama-3.2-1b-instruct", "llama-3.2", "1B", 1_235_814_400L, "onnx-community/Llama-3.2-1B-Instruct");
    hub(m, "llama-3.2-3b-instruct", "llama-3.2", "3B", 3_212_749_824L, "onnx-community/Llama-3.2-3B-Instruct");
    // Vision-language models in the split onnx-community layout (vision_encoder, embed_tokens, decoder_model_merged);
    // run them with org.cegi.model.vlm.OnnxVisionLm. Parameter counts include the vision tower.
    vlm(m, "qwen2-vl-2b-instruct", "qwen2-vl", "2B", 2_208_985_600L, "onnx-community/Qwen2-VL-2B-Instruct");
    vlm(m, "qwen2-vl-7b-instruct", "qwen2-vl", "7B", 8_291_375_616L, "onnx-community/Qwen2-VL-7B-Instruct");
    return new ModelCatalog(m);
  }

  private static void vlm(Map<String, Entry> m, String id, String family, String size, long params, String repo) {
    ModelVariant v = new ModelVariant(id, family, size, params, Quantization.FP32, FineTuning.BASE,
        Engine.ONNX_RUNTIME, ModelLocation.hub(repo, "onnx/" + ModelVariant.MERGED_DECODER + ".onnx"), "general");
    m.put(id, new Entry(v, TRANSFORMERS_JS_SET));
  }

  private static void hub(Map<String, Entry> m, String id, String family, String size, long params, String repo) {
    ModelVariant v = new ModelVariant(id, family, size, params, Quantization.FP32, FineTuning.BASE,
        Engine.ONNX_RUNTIME, ModelLocation.hub(repo, "onnx/" + Quantization.FP32.onnxFile()), "general");
    m.put(id, new Entry(v, TRANSFORMERS_JS_SET));
  }

  /** Every entry, in catalog order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** Every variant of every entry (one per published encoding). */
  public List<ModelVariant> variants() {
    List<ModelVariant> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      for (Quantization q : e.quantizations()) {
        out.add(e.base().withQuantization(q));
      }
    }
    return out;
  }

  /** The entry for an id, if any. */
  public Optional<Entry> find(String id) {
    return Optional.ofNullable(entries.get(id.toLowerCase(Locale.ROOT)));
  }

  /** A variant by id and encoding; fails naming the known ids or encodings. */
  public ModelVariant get(String id, Quantization q) {
    Entry e = find(id).orElseThrow(() -> new IllegalArgumentException(
        "No model " + id + " in the catalog; known: " + entries.keySet()
            + ". Add a local folder with withFolder(path) or a JSON file with withFile(path)."));
    if (!e.quantizations().contains(q)) {
      throw new IllegalArgumentException("Model " + id + " has no " + q.label() + " variant; it has "
          + e.quantizations().stream().map(Quantization::label).toList());
    }
    return e.base().withQuantization(q);
  }

  /** This catalog plus one entry added or replaced. */
  public ModelCatalog with(Entry entry) {
    Map<String, Entry> m = new LinkedHashMap<>(entries);
    m.put(entry.base().id(), entry);
    return new ModelCatalog(m);
  }

  /**
   * This catalog plus a local model folder in the Hugging Face ONNX layout: the id is the folder name, the
   * encodings are the {@code onnx/model*.onnx} files present (for vision-language folders the
   * {@code onnx/decoder_model_merged*.onnx} files), family and size come from {@code config.json}. A folder with
   * only a TorchScript export ({@code torchscript/model*.pt}, no {@code onnx/}) gives an {@link Engine#PYTORCH} entry;
   * a folder with both gives the ONNX entry ({@link ModelVariant#onEngine} switches).
   */
  public ModelCatalog withFolder(Path dir) {
    if (!Files.isDirectory(dir.resolve("onnx")) && Files.isDirectory(dir.resolve("torchscript"))) {
      return withTorchScriptFolder(dir);
    }
    ModelConfig cfg = ModelConfig.read(dir);
    Set<Quantization> qs = EnumSet.noneOf(Quantization.class);
    boolean[] split = {false};
    try (Stream<Path> files = Files.list(dir.resolve("onnx"))) {
      files.forEach(f -> {
        String name = f.getFileName().toString();
        if (name.startsWith(ModelVariant.MERGED_DECODER)) {
          split[0] = true;
          name = "model" + name.substring(ModelVariant.MERGED_DECODER.length());
        }
        Quantization.ofOnnxFile(name).ifPresent(qs::add);
      });
    } catch (IOException e) {
      throw new IllegalArgumentException("Model folder " + dir + " has no readable onnx/ folder: " + e.getMessage()
          + ". Put the exported model*.onnx files in " + dir.resolve("onnx") + ".", e);
    }
    if (qs.isEmpty()) {
      throw new IllegalArgumentException("Model folder " + dir + " has no onnx/model*.onnx file with a known name"
          + " (model.onnx, model_fp16.onnx, model_int8.onnx, model_q4.onnx, …).");
    }
    Quantization first = qs.iterator().next();
    String id = dir.getFileName().toString().toLowerCase(Locale.ROOT);
    long params = estimateParameters(cfg);
    ModelVariant v = new ModelVariant(id, cfg.modelType(), String.format(Locale.ROOT, "%.2gB", params / 1e9),
        params, first, FineTuning.BASE, Engine.ONNX_RUNTIME, ModelLocation.local(dir, "onnx/" + first.onnxFile()),
        "general");
    if (split[0]) {
      v = new ModelVariant(id, cfg.modelType(), v.size(), params, Quantization.FP32, FineTuning.BASE,
          Engine.ONNX_RUNTIME, ModelLocation.local(dir, "onnx/" + ModelVariant.MERGED_DECODER + ".onnx"), "general")
          .withQuantization(first);
    }
    return with(new Entry(v, qs));
  }

  /** A folder with only a TorchScript export ({@code torchscript/model*.pt}): a {@link Engine#PYTORCH} entry. */
  private ModelCatalog withTorchScriptFolder(Path dir) {
    ModelConfig cfg = ModelConfig.read(dir);
    Set<Quantization> qs = EnumSet.noneOf(Quantization.class);
    try (Stream<Path> files = Files.list(dir.resolve("torchscript"))) {
      files.forEach(f -> Quantization.ofTorchScriptFile(f.getFileName().toString()).ifPresent(qs::add));
    } catch (IOException e) {
      throw new IllegalArgumentException("Model folder " + dir + " has no readable torchscript/ folder: "
          + e.getMessage(), e);
    }
    if (qs.isEmpty()) {
      throw new IllegalArgumentException("Model folder " + dir + " has no torchscript/model*.pt file with a known"
          + " name (model.pt, model_fp16.pt, model_int8.pt).");
    }
    Quantization first = qs.iterator().next();
    String id = dir.getFileName().toString().toLowerCase(Locale.ROOT);
    long params = estimateParameters(cfg);
    ModelVariant v = new ModelVariant(id, cfg.modelType(), String.format(Locale.ROOT, "%.2gB", params / 1e9),
        params, first, FineTuning.BASE, Engine.PYTORCH,
        ModelLocation.local(dir, "torchscript/" + first.torchScriptFile().orElseThrow()), "general");
    return with(new Entry(v, qs));
  }

  /**
   * This catalog plus the entries of a JSON file:
   * <pre>{@code
   * {"models": [{"id": "my-qwen-sql", "family": "qwen2.5", "size": "0.5B", "parameters": 494032768,
   *   "path": "models/my-qwen-sql",          (or "hub": "org/name")
   *   "quantizations": ["fp32", "q4"], "fine_tuning": "lora_merged", "task": "text-to-sql"}]}
   * }</pre>
   * Relative paths are resolved against the file's folder.
   */
  public ModelCatalog withFile(Path json) {
    JsonObject root = ModelConfig.readJson(json);
    if (!root.has("models") || !root.get("models").isJsonArray()) {
      throw new IllegalArgumentException(json + " must hold {\"models\": [ … ]}");
    }
    ModelCatalog c = this;
    int i = 0;
    for (JsonElement el : root.getAsJsonArray("models")) {
      JsonObject o = el.getAsJsonObject();
      String where = json + " models[" + i++ + "]";
      String id = required(o, "id", where).toLowerCase(Locale.ROOT);
      Set<Quantization> qs = EnumSet.noneOf(Quantization.class);
      if (o.has("quantizations")) {
        o.getAsJsonArray("quantizations").forEach(q -> qs.add(Quantization.parse(q.getAsString())));
      } else {
        qs.add(Quantization.FP32);
      }
      Quantization first = qs.iterator().next();
      ModelLocation loc;
      if (o.has("hub")) {
        loc = ModelLocation.hub(o.get("hub").getAsString(), "onnx/" + first.onnxFile());
      } else if (o.has("path")) {
        Path p = json.toAbsolutePath().getParent().resolve(o.get("path").getAsString()).normalize();
        loc = ModelLocation.local(p, "onnx/" + first.onnxFile());
      } else {
        throw new IllegalArgumentException(where + " needs \"path\" (a local folder) or \"hub\" (org/name)");
      }
      FineTuning ft = o.has("fine_tuning")
          ? FineTuning.valueOf(o.get("fine_tuning").getAsString().toUpperCase(Locale.ROOT)) : FineTuning.BASE;
      Engine engine = o.has("engine")
          ? Engine.valueOf(o.get("engine").getAsString().toUpperCase(Locale.ROOT)) : Engine.ONNX_RUNTIME;
      ModelVariant v = new ModelVariant(id, required(o, "family", where), required(o, "size", where),
          o.has("parameters") ? o.get("parameters").getAsLong() : 0L, first, ft, engine, loc,
          o.has("task") ? o.get("task").getAsString() : "general");
      c = c.with(new Entry(v, qs));
    }
    return c;
  }

  private static String required(JsonObject o, String key, String where) {
    if (!o.has(key) || o.get(key).isJsonNull() || o.get(key).getAsString().isBlank()) {
      throw new IllegalArgumentException(where + " lacks \"" + key + "\"");
    }
    return o.get(key).getAsString();
  }

  /** Parameters of a decoder from its config (embeddings counted once when tied, as HF counts them). */
  static long estimateParameters(ModelConfig c) {
    long h = c.hiddenSize();
    long q = (long) c.heads() * c.headDim();
    long kv = (long) c.kvHeads() * c.headDim();
    long attn = h * q + 2 * h * kv + q * h + q + 2 * kv;
    long mlp = 3 * h * c.intermediateSize();
    long perLayer = attn + mlp + 2 * h;
    long embeddings = c.vocabSize() * h * (c.tieWordEmbeddings() ? 1 : 2);
    return embeddings + c.layers() * perLayer + h;
  }
}
