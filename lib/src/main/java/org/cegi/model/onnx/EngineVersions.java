package org.cegi.model.onnx;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;

/**
 * The versions of the libraries generation ran on, as result rows record them
 * ({@code djl=0.35.1;onnxruntime=1.23.2;java=17.0.15}), so that higher layers need not import DJL.
 */
public final class EngineVersions {
  private EngineVersions() {}

  /** @return DJL's version, or {@code unknown} when DJL cannot tell */
  public static String djl() {
    try {
      String v = Engine.getDjlVersion();
      return v == null ? "unknown" : v;
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /** @return ONNX Runtime's version, or {@code unknown} when its native library cannot be loaded */
  public static String onnxRuntime() {
    try {
      return OrtEnvironment.getEnvironment().getVersion();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /** @return {@code djl=…;onnxruntime=…;java=…} */
  public static String summary() {
    return "djl=" + djl() + ";onnxruntime=" + onnxRuntime() + ";java=" + System.getProperty("java.version");
  }
}
