package org.cegi.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.cegi.internal.Check;
import org.cegi.model.onnx.Device;

/**
 * The default runtime of a run: each variant goes to the runtime its plan entry names — {@code runtime: onnx} to
 * {@link OnnxTextRuntime} (text decoders), {@code runtime: onnx-vl} to {@link OnnxVisionRuntime} (Qwen2-VL-style
 * vision-language models), {@code runtime: torchscript} to {@link TorchScriptTextRuntime} (text decoders as
 * TorchScript on DJL's PyTorch engine; CPU only, whatever the device).
 *
 * <pre>{@code
 * RunResult r = Run.builder(plan).runtime(OnnxRuntimes.of(Path.of("build/fixtures"))).build().execute();
 * }</pre>
 */
public final class OnnxRuntimes implements ModelRuntime {
  private final Map<String, ModelRuntime> byName;

  private OnnxRuntimes(Map<String, ModelRuntime> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** Text and vision runtimes writing their fixtures below {@code fixturesDir}. */
  public static OnnxRuntimes of(Path fixturesDir) {
    return of(fixturesDir, Device.CPU);
  }

  /**
   * Text and vision runtimes whose sessions run on {@code device}: {@link Device#CUDA} needs the GPU build of ONNX
   * Runtime ({@code mvn -Pgpu}), CUDA libraries and a driver, and fails at load saying which is missing; it never
   * falls back to the CPU.
   */
  public static OnnxRuntimes of(Path fixturesDir, Device device) {
    Check.notNull("fixturesDir", fixturesDir);
    Check.notNull("device", device);
    return new OnnxRuntimes(Map.of("onnx", new OnnxTextRuntime(fixturesDir, device), "onnx-vl",
        new OnnxVisionRuntime(fixturesDir, device), "torchscript", new TorchScriptTextRuntime(fixturesDir)));
  }

  private ModelRuntime of(RunPlan.VariantSpec v) {
    ModelRuntime r = byName.get(v.runtime().toLowerCase(Locale.ROOT));
    if (r == null) {
      throw new IllegalArgumentException("Variant " + v.name() + " asks for runtime " + v.runtime()
          + ", which this build does not have: use runtime: onnx (text decoders), runtime: onnx-vl"
          + " (vision-language models) or runtime: torchscript (text decoders on DJL's PyTorch engine, CPU).");
    }
    return r;
  }

  @Override
  public boolean acceptsImages(RunPlan.VariantSpec variant) {
    return of(variant).acceptsImages(variant);
  }

  @Override
  public void check(RunPlan.VariantSpec variant) {
    of(variant).check(variant);
  }

  @Override
  public LoadedModel load(RunPlan.VariantSpec variant) {
    return of(variant).load(variant);
  }
}
