package org.cegi.lab;

import java.nio.file.Path;
import org.cegi.internal.Check;

/**
 * One trained lab model file and its held-out score.
 *
 * @param name for example {@code lab-sql-lora-q4}
 * @param dir the model folder (Hugging Face ONNX layout; load it with {@code OnnxCausalLm.load(dir, onnxFile, n)})
 * @param onnxFile the file below {@code onnx/}
 * @param quantization {@code fp32}, {@code fp16}, {@code int8} or {@code q4}
 * @param fineTuned whether the LoRA update is merged in
 * @param executionAccuracy execution accuracy on the held-out questions, 0–1
 * @param fileBytes size of the ONNX file in bytes
 */
public record LabVariant(String name, Path dir, String onnxFile, String quantization, boolean fineTuned,
    double executionAccuracy, long fileBytes) {
  public LabVariant {
    Check.nonBlank("name", name);
    Check.notNull("dir", dir);
    Check.nonBlank("onnxFile", onnxFile);
    Check.nonBlank("quantization", quantization);
    if (!(executionAccuracy >= 0 && executionAccuracy <= 1)) {
      throw new IllegalArgumentException("execution accuracy must lie in [0, 1], got " + executionAccuracy);
    }
    Check.nonNegative("fileBytes", fileBytes);
  }
}
