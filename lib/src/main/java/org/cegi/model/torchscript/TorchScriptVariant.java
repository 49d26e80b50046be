package org.cegi.model.torchscript;

import java.util.Locale;

/**
 * A weight encoding of a TorchScript decoder export and its file below {@code torchscript/}, named as transformers.js
 * names the ONNX siblings. Compute is float32 in every variant: half, bfloat16 and int8 weights are widened (int8:
 * times a per-output-column scale) inside {@code forward}; the key/value cache is kept in the variant's float type
 * (float32 for int8).
 */
public enum TorchScriptVariant {
  FP32("model.pt"), FP16("model_fp16.pt"), BF16("model_bf16.pt"), INT8("model_int8.pt");

  private final String fileName;

  TorchScriptVariant(String fileName) {
    this.fileName = fileName;
  }

  /** The file name below {@code torchscript/}. */
  public String fileName() {
    return fileName;
  }

  /** Lower-case label ({@code fp32}, {@code int8}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The variant of a label ({@code fp16}) or file name ({@code model_fp16.pt}). */
  public static TorchScriptVariant parse(String labelOrFile) {
    for (TorchScriptVariant v : values()) {
      if (v.label().equalsIgnoreCase(labelOrFile) || v.fileName.equals(labelOrFile)) {
        return v;
      }
    }
    throw new IllegalArgumentException("Unknown TorchScript variant " + labelOrFile + ": use one of fp32, fp16, bf16,"
        + " int8 (files model.pt, model_fp16.pt, model_bf16.pt, model_int8.pt).");
  }
}
