package org.cegi.bench;

import java.util.ArrayList;
import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.onnx.Device;
import org.cegi.model.onnx.EngineVersions;
import org.cegi.tasks.Generation;
import org.cegi.tasks.Prompt;

/**
 * What the ONNX runtimes' loaded variants share: the runtime label rows carry (with the device when it is not the
 * CPU), the engine versions, closing the model, and turning its results into task {@link Generation}s. A subclass
 * only says how a batch of prompts is generated.
 */
abstract class OnnxLoadedModel implements ModelRuntime.LoadedModel {
  private final String runtime;
  private final String libraries = EngineVersions.summary();
  private final AutoCloseable model;

  /**
   * @param runtime the runtime label, e.g. {@code onnxruntime-text}
   * @param device where the model runs
   * @param model closed with this loaded variant
   */
  OnnxLoadedModel(String runtime, Device device, AutoCloseable model) {
    Check.nonBlank("runtime", runtime);
    Check.notNull("device", device);
    this.runtime = device == Device.CPU ? runtime : runtime + " (" + device.label() + ")";
    this.model = Check.notNull("model", model);
  }

  /** Generates one batch (the listener is told at the first token). */
  abstract List<GenerationResult> results(List<Prompt> prompts, GenerationOptions options,
      GenerationListener listener);

  @Override
  public final List<Generation> generate(List<Prompt> prompts, GenerationOptions options) {
    return generate(prompts, options, GenerationListener.NONE);
  }

  @Override
  public final List<Generation> generate(List<Prompt> prompts, GenerationOptions options,
      GenerationListener listener) {
    List<Generation> out = new ArrayList<>();
    for (GenerationResult r : results(prompts, options, listener)) {
      out.add(Generation.of(r));
    }
    return out;
  }

  @Override
  public final String runtime() {
    return runtime;
  }

  @Override
  public final String libraries() {
    return libraries;
  }

  @Override
  public final void close() {
    try {
      model.close();
    } catch (Exception e) {
      throw new IllegalStateException("Closing the " + runtime + " model failed: " + e.getMessage(), e);
    }
  }
}
