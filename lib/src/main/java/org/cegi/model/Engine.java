package org.cegi.model;

/** The inference engine a variant runs on. */
public enum Engine {
  /** ONNX Runtime through DJL's OnnxRuntime engine (the primary route). */
  ONNX_RUNTIME,
  /** TorchScript on DJL's PyTorch engine. */
  PYTORCH
}
