package org.cegi.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Where ONNX Runtime runs a model's sessions. {@link #CPU} is the default and works everywhere. {@link #CUDA} adds
 * ONNX Runtime's CUDA execution provider (GPU 0 of those visible): it needs the GPU build of ONNX Runtime on the
 * class path (Maven profile {@code gpu}: {@code mvn -Pgpu …}), an NVIDIA driver, and the CUDA 12 and cuDNN 9
 * libraries that ONNX Runtime's CUDA provider loads. When any of them is missing, asking for CUDA fails with a
 * message that names it: a run never falls back to the CPU silently.
 *
 * <pre>{@code
 * Device.CUDA.problem().ifPresent(System.out::println);      // what is missing, before loading anything
 * try (OnnxCausalLm lm = OnnxCausalLm.load(dir, "model_q4.onnx", 4, Device.CUDA)) { … }
 * }</pre>
 */
public enum Device {
  /** ONNX Runtime's default CPU execution provider. */
  CPU,
  /** ONNX Runtime's CUDA execution provider on GPU 0 (of {@code CUDA_VISIBLE_DEVICES}). */
  CUDA;

  /** The lower-case label of plans and the command line ({@code cpu}, {@code cuda}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code cpu} or {@code cuda} (any case); fails naming the value and the choices. */
  public static Device parse(String label) {
    String l = label == null ? "" : label.trim().toUpperCase(Locale.ROOT);
    if (l.equals("GPU")) {
      return CUDA;
    }
    for (Device d : values()) {
      if (d.name().equals(l)) {
        return d;
      }
    }
    throw new IllegalArgumentException("Unknown device \"" + label + "\": use cpu or cuda.");
  }

  /**
   * What keeps this device from being used, as far as can be told without creating a session: for CUDA, an ONNX
   * Runtime build without the CUDA provider (the CPU jar). Empty for {@link #CPU}. A driver or CUDA library that is
   * missing shows only when a session is created, with its own message.
   */
  public Optional<String> problem() {
    if (this == CPU) {
      return Optional.empty();
    }
    OnnxDecoder.environment();
    EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    if (providers.contains(OrtProvider.CUDA)) {
      return Optional.empty();
    }
    return Optional.of("ONNX Runtime " + EngineVersions.onnxRuntime() + " on the class path has no CUDA execution provider (it has "
        + providers + "): it is the CPU build, com.microsoft.onnxruntime:onnxruntime. Build with the GPU jar"
        + " (mvn -Pgpu …, com.microsoft.onnxruntime:onnxruntime_gpu of the same version) on a host with an NVIDIA"
        + " driver, CUDA 12 and cuDNN 9, or use Device.CPU.");
  }

  /**
   * Adds this device's execution provider to the options of a session about to be created for {@code file} (the
   * runtimes of {@code org.cegi.model} call it); fails with what is missing (see {@link #problem}).
   */
  public void apply(OrtSession.SessionOptions options, Path file) {
    if (this == CPU) {
      return;
    }
    Optional<String> p = problem();
    if (p.isPresent()) {
      throw new IllegalStateException("Cannot run " + file + " on CUDA: " + p.get());
    }
    try {
      options.addCUDA(0);
    } catch (OrtException | RuntimeException | LinkageError e) {
      throw new IllegalStateException("Cannot run " + file + " on CUDA: ONNX Runtime's CUDA execution provider did"
          + " not start (" + e.getMessage() + "). It needs an NVIDIA driver (libcuda.so.1; `nvidia-smi` shows it),"
          + " the CUDA 12 runtime and cuBLAS, and cuDNN 9 on the library path (LD_LIBRARY_PATH), and a visible GPU"
          + " (CUDA_VISIBLE_DEVICES). Install them, or use Device.CPU.", e);
    }
  }
}
