package org.cegi.frames;

import org.cegi.internal.Check;

/**
 * What CEGI needs about a variant × task beyond what a run measures: the task metric of the base model and of the
 * fine-tuned variant (0–1), the trainable parameters of the fine-tuning and its emissions, and where these figures
 * come from. {@link RunFrames#withCegi} joins them with the measured inference cost per request.
 *
 * <pre>{@code
 * CegiInput in = new CegiInput("qwen2.5-0.5b-lora", "summarization", 0.21, 0.30, 8_798_208, 0.35,
 *     "illustrative inputs");
 * }</pre>
 *
 * @param variant the variant name, as the run's rows carry it
 * @param task the task name, as the run's rows carry it
 * @param baseMetric the base model's task metric, 0–1
 * @param tunedMetric the fine-tuned variant's task metric, 0–1
 * @param trainableParams parameters trained by the fine-tuning, {@code > 0}
 * @param fineTuningKgCo2e emissions of the fine-tuning, kg CO2e, {@code >= 0}
 * @param source where the figures come from ({@code "illustrative inputs"}, {@code "lab, measured"}); shown on
 *     tables and charts
 */
public record CegiInput(String variant, String task, double baseMetric, double tunedMetric, long trainableParams,
    double fineTuningKgCo2e, String source) {
  public CegiInput {
    Check.nonBlank("variant", variant);
    Check.nonBlank("task", task);
    Check.inRange("base_metric of " + variant, baseMetric, 0, 1);
    Check.inRange("tuned_metric of " + variant, tunedMetric, 0, 1);
    Check.positive("trainable_params of " + variant, trainableParams);
    Check.nonNegative("fine_tuning_kg_co2e of " + variant, fineTuningKgCo2e);
    Check.nonBlank("source", source);
  }
}
