package org.cegi.lab;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * One trained lab model file and its held-out scores.
 *
 * @param name for example {@code lab-base-fp32}, {@code lab-sql-lora-int8}, {@code lab-summ-lora-q4}
 * @param dir the model folder (Hugging Face ONNX layout; load it with {@code OnnxCausalLm.load(dir, onnxFile, n)})
 * @param onnxFile the file below {@code onnx/}
 * @param quantization {@code fp32}, {@code fp16}, {@code int8} or {@code q4}
 * @param fineTunedFor the task whose LoRA update is merged in ({@code text-to-sql}, {@code summarization}), or ""
 *     for the base
 * @param scores per task it was scored on, the task's gain metric (execution accuracy, ROUGE-L F1) on the held-out
 *     items, 0–1
 * @param fileBytes size of the ONNX file in bytes
 */
public record LabVariant(String name, Path dir, String onnxFile, String quantization, String fineTunedFor,
    Map<String, Double> scores, long fileBytes) {
  public LabVariant {
    Check.nonBlank("name", name);
    Check.notNull("dir", dir);
    Check.nonBlank("onnxFile", onnxFile);
    Check.nonBlank("quantization", quantization);
    Check.notNull("fineTunedFor", fineTunedFor);
    Check.notNull("scores", scores);
    scores.forEach((k, v) -> {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("score of " + name + " on " + k + " must lie in [0, 1], got " + v);
      }
    });
    scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    Check.nonNegative("fileBytes", fileBytes);
  }

  /** Whether a LoRA update is merged in. */
  public boolean fineTuned() {
    return !fineTunedFor.isEmpty();
  }

  /**
   * The held-out score on a task ({@code text-to-sql}, {@code summarization}).
   *
   * @throws IllegalArgumentException when this variant was not scored on it
   */
  public double score(String task) {
    Double s = scores.get(task);
    if (s == null) {
      throw new IllegalArgumentException("Variant " + name + " was not scored on " + task + ": it was scored on "
          + scores.keySet() + ".");
    }
    return s;
  }

  /** Execution accuracy on the held-out text-to-SQL questions, 0–1 (NaN when not scored on them). */
  public double executionAccuracy() {
    return scores.getOrDefault("text-to-sql", Double.NaN);
  }

  String scoreText() {
    StringBuilder b = new StringBuilder();
    scores.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.3f  ", k, v)));
    return b.toString().strip();
  }
}
