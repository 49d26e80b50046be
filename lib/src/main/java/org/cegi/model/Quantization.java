package org.cegi.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Weight encodings of a model variant, with the ONNX file name that Hugging Face optimum / transformers.js give
 * each below {@code onnx/} (transformers.js {@code dtype} names: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4).
 *
 * <ul>
 *   <li>{@link #INT8}, {@link #UINT8}: 8-bit weights of {@code quantize_dynamic} with {@code QuantType.QInt8} /
 *       {@code QUInt8};</li>
 *   <li>{@link #Q8}: {@code model_quantized.onnx}, transformers.js's default 8-bit file (uint8 weights for most
 *       decoders);</li>
 *   <li>{@link #Q4}, {@link #Q4F16}: 4-bit blocks of {@code com.microsoft} {@code MatMulNBits}, with float32 or
 *       float16 activations and scales;</li>
 *   <li>{@link #BNB4}: bitsandbytes-style 4-bit NF4/FP4 blocks of {@code com.microsoft} {@code MatMulBnb4}.</li>
 * </ul>
 */
public enum Quantization {
  FP32("model.onnx", 32),
  FP16("model_fp16.onnx", 16),
  INT8("model_int8.onnx", 8),
  UINT8("model_uint8.onnx", 8),
  Q8("model_quantized.onnx", 8),
  Q4("model_q4.onnx", 4),
  Q4F16("model_q4f16.onnx", 4),
  BNB4("model_bnb4.onnx", 4);

  private final String onnxFile;
  private final int weightBits;

  Quantization(String onnxFile, int weightBits) {
    this.onnxFile = onnxFile;
    this.weightBits = weightBits;
  }

  /** The file name below {@code onnx/} of a decoder exported in this encoding. */
  public String onnxFile() {
    return onnxFile;
  }

  /**
   * The file name below {@code torchscript/} of a TorchScript export in this encoding ({@code model.pt},
   * {@code model_fp16.pt}, {@code model_int8.pt}); empty for encodings the TorchScript route does not write.
   */
  public Optional<String> torchScriptFile() {
    switch (this) {
      case FP32:
        return Optional.of("model.pt");
      case FP16:
      case INT8:
        return Optional.of("model_" + label() + ".pt");
      default:
        return Optional.empty();
    }
  }

  /** The encoding a TorchScript file name stands for ({@code model_int8.pt}), if it is one of those names. */
  public static Optional<Quantization> ofTorchScriptFile(String fileName) {
    for (Quantization q : values()) {
      if (q.torchScriptFile().filter(fileName::equals).isPresent()) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  /** Bits per weight of the linear layers. */
  public int weightBits() {
    return weightBits;
  }

  /** The lower-case label used in file names, tables and the command line ({@code fp32}, {@code q4f16}, …). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The encoding an ONNX file name stands for, if it is one of the conventional names. */
  public static Optional<Quantization> ofOnnxFile(String fileName) {
    for (Quantization q : values()) {
      if (q.onnxFile.equals(fileName)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  /** Whether activations, cache and logits of the exported graph are float16 ({@code fp16}, {@code q4f16}). */
  public boolean halfPrecision() {
    return this == FP16 || this == Q4F16;
  }

  /**
   * Parses a label such as {@code int8} or {@code Q4F16}; {@code quantized} (the file-name suffix) means
   * {@link #Q8}.
   */
  public static Quantization parse(String label) {
    String l = label.trim();
    if (l.equalsIgnoreCase("quantized")) {
      return Q8;
    }
    for (Quantization q : values()) {
      if (q.name().equalsIgnoreCase(l)) {
        return q;
      }
    }
    throw new IllegalArgumentException("Unknown quantization " + label + ": use one of fp32, fp16, int8, uint8,"
        + " q8 (alias quantized), q4, q4f16, bnb4");
  }
}
