package org.cegi.model;

import org.cegi.internal.Check;

/**
 * One runnable form of a model: which family and size, how its weights are encoded and fine-tuned, which engine
 * runs it, where its files are, and the task it is tuned for.
 *
 * <pre>{@code
 * ModelVariant v = ModelCatalog.builtIn().get("qwen2.5-0.5b-instruct", Quantization.Q4);
 * Path dir = HubClient.builder().build().downloadModel(v);     // org.cegi.model.hub; local variants: their folder
 * OnnxCausalLm lm = OnnxCausalLm.load(dir, v.quantization().onnxFile(), 2);
 * }</pre>
 *
 * @param id catalog key, lower case ({@code qwen2.5-0.5b-instruct})
 * @param family model family ({@code qwen2.5}, {@code llama-3.2}, …)
 * @param size size label as the family names it ({@code 0.5B})
 * @param parameters parameter count of the base model (&gt; 0)
 * @param quantization weight encoding
 * @param fineTuning base, LoRA-merged or adapter
 * @param engine the engine that runs it
 * @param location where the files are
 * @param task the task it is tuned for ({@code general} for instruction models)
 */
public record ModelVariant(
    String id,
    String family,
    String size,
    long parameters,
    Quantization quantization,
    FineTuning fineTuning,
    Engine engine,
    ModelLocation location,
    String task) {

  public ModelVariant {
    Check.nonBlank("id", id);
    Check.nonBlank("family", family);
    Check.nonBlank("size", size);
    Check.positive("parameters", parameters);
    Check.notNull("quantization", quantization);
    Check.notNull("fine_tuning", fineTuning);
    Check.notNull("engine", engine);
    Check.notNull("location", location);
    Check.nonBlank("task", task);
  }

  /** Stem of the decoder file of split (vision-language) exports: {@code decoder_model_merged*.onnx}. */
  public static final String MERGED_DECODER = "decoder_model_merged";

  /**
   * Whether this is a vision-language model in the split layout ({@code vision_encoder}, {@code embed_tokens},
   * {@code decoder_model_merged}); run it with {@code org.cegi.model.vlm.OnnxVisionLm}.
   */
  public boolean visionLanguage() {
    String f = location.file();
    return f.substring(f.lastIndexOf('/') + 1).startsWith(MERGED_DECODER);
  }

  /**
   * The same variant on another engine: {@link Engine#PYTORCH} reads the TorchScript export {@code
   * torchscript/model*.pt} beside {@code onnx/} (fp32, fp16 and int8; run it with {@code
   * org.cegi.model.torchscript.TorchScriptCausalLm}), {@link Engine#ONNX_RUNTIME} the {@code onnx/model*.onnx} file.
   */
  public ModelVariant onEngine(Engine e) {
    Check.notNull("engine", e);
    if (e == engine) {
      return this;
    }
    if (visionLanguage()) {
      throw new IllegalArgumentException(label() + " is a vision-language model in the split ONNX layout; the"
          + " TorchScript route covers decoder-only text models.");
    }
    String f = location.file();
    String top = f.contains("/") ? f.substring(0, f.lastIndexOf('/')) : "";
    String parent = top.contains("/") ? top.substring(0, top.lastIndexOf('/') + 1) : "";
    String file = e == Engine.PYTORCH
        ? parent + "torchscript/" + quantization.torchScriptFile().orElseThrow(() -> new IllegalArgumentException(
            "The TorchScript route has no " + quantization.label() + " encoding: pick fp32, fp16 or int8 first."))
        : parent + "onnx/" + quantization.onnxFile();
    return new ModelVariant(id, family, size, parameters, quantization, fineTuning, e,
        new ModelLocation(location.kind(), location.source(), location.revision(), file), task);
  }

  /** A display name such as {@code qwen2.5-0.5b-instruct@q4}. */
  public String label() {
    return id + "@" + quantization.label();
  }

  /**
   * The same variant in another encoding (the file name follows the optimum convention: {@code model_q4.onnx}, or
   * {@code decoder_model_merged_q4.onnx} for the split exports of vision-language models).
   */
  public ModelVariant withQuantization(Quantization q) {
    String dir = location.file().contains("/") ? location.file().substring(0, location.file().lastIndexOf('/') + 1) : "";
    String name = location.file().substring(dir.length());
    if (engine == Engine.PYTORCH) {
      String pt = q.torchScriptFile().orElseThrow(() -> new IllegalArgumentException("The TorchScript route has no "
          + q.label() + " encoding: use fp32, fp16 or int8 (torchscript/model.pt, model_fp16.pt, model_int8.pt)."));
      ModelLocation loc = new ModelLocation(location.kind(), location.source(), location.revision(), dir + pt);
      return new ModelVariant(id, family, size, parameters, q, fineTuning, engine, loc, task);
    }
    String file = name.startsWith(MERGED_DECODER) ? MERGED_DECODER + q.onnxFile().substring("model".length())
        : q.onnxFile();
    ModelLocation loc = new ModelLocation(location.kind(), location.source(), location.revision(), dir + file);
    return new ModelVariant(id, family, size, parameters, q, fineTuning, engine, loc, task);
  }
}
