package org.cegi.lab;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * One vision-lab model file scored on one task's held-out scenes.
 *
 * @param name the variant, for example {@code vlab-caption-lora-q4}
 * @param dir the model folder (Qwen2-VL onnx-community layout; {@code OnnxVisionLm.load(dir, quantization, n)})
 * @param quantization {@code fp32}, {@code fp16}, {@code int8} or {@code q4}
 * @param fineTuned whether a LoRA update is merged in
 * @param task {@code captioning} or {@code vqa}
 * @param scores the task's set-level scores ({@code cider_d}, {@code bleu4}, {@code rouge_l}; {@code exact_match},
 *     {@code vqa_accuracy}) as the task computes them from the extracted answers
 * @param items held-out items scored
 * @param fileBytes size of the decoder's ONNX file in bytes
 */
public record VisionLabVariant(String name, Path dir, String quantization, boolean fineTuned, String task,
    Map<String, Double> scores, int items, long fileBytes) {
  public VisionLabVariant {
    Check.nonBlank("name", name);
    Check.notNull("dir", dir);
    Check.nonBlank("quantization", quantization);
    Check.nonBlank("task", task);
    scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      if (e.getValue() == null || !Double.isFinite(e.getValue()) || e.getValue() < 0) {
        throw new IllegalArgumentException("score " + e.getKey() + " of " + name + " must be finite and >= 0, got "
            + e.getValue());
      }
    }
    Check.nonNegative("items", items);
    Check.nonNegative("fileBytes", fileBytes);
  }

  /** A score by metric name, 0 when the task did not report it. */
  public double score(String metric) {
    return scores.getOrDefault(metric, 0.0);
  }
}
