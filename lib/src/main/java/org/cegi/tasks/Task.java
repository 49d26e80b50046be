package org.cegi.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task: how an item becomes a prompt, how the answer is extracted from the model's output, and how it is
 * scored. Per-item metrics go into every result row; {@link #corpusScores} computes the set-level metrics (CIDEr-D
 * needs the whole set). {@link #gainMetric()} names the metric that feeds the CEGI gain; a run plan may choose
 * another one of {@link #metrics()}.
 *
 * <pre>{@code
 * Task t = Tasks.named("text-to-sql");
 * Prompt p = t.prompt(item);                        // system + user messages (schema included)
 * String sql = t.extract(generation.text());        // the query inside the ```sql fence
 * ItemScore s = t.score(item, sql);                  // execution_accuracy, ves
 * }</pre>
 */
public interface Task {
  /** The task's name as plans spell it: {@code captioning}, {@code vqa}, {@code summarization}, {@code text-to-sql}. */
  String name();

  /** Whether prompts carry an image (a vision-language runtime is needed). */
  boolean needsImage();

  /** The item kind this task accepts. */
  Class<? extends TaskItem> itemType();

  /** The prompt for an item. */
  Prompt prompt(TaskItem item);

  /** The answer inside a model's raw output (never null; empty when there is none). */
  String extract(String output);

  /** Per-item metrics of an extracted answer, named as in {@link #metrics()}. */
  ItemScore score(TaskItem item, String answer);

  /** Every metric this task reports, default first. */
  List<String> metrics();

  /** The metric that feeds the CEGI gain by default. */
  String gainMetric();

  /** The reference(s) of an item as the result row records them (caption references, answer, summary, gold SQL). */
  List<String> references(TaskItem item);

  /**
   * Set-level metrics from extracted answers, their references and the per-item scores (same order); by default
   * the mean of each per-item metric over the items that have it. Captioning overrides it with the COCO corpus evaluation (CIDEr-D's document
   * frequencies come from the whole set). Works from result rows alone, so merged shards can be re-aggregated.
   */
  default Map<String, Double> corpusScores(List<String> answers, List<List<String>> references,
      List<ItemScore> perItem) {
    if (perItem.isEmpty() || perItem.size() != answers.size() || answers.size() != references.size()) {
      throw new IllegalArgumentException("answers, references and scores must have the same, positive size, got "
          + answers.size() + ", " + references.size() + " and " + perItem.size());
    }
    Map<String, Double> sum = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (ItemScore s : perItem) {
      s.values().forEach((k, v) -> {
        sum.merge(k, v, Double::sum);
        count.merge(k, 1, Integer::sum);
      });
    }
    sum.replaceAll((k, v) -> v / count.get(k));
    return sum;
  }

  /** Checks that an item is of this task's kind. */
  default <T extends TaskItem> T cast(TaskItem item, Class<T> type) {
    if (!type.isInstance(item)) {
      throw new IllegalArgumentException("Task " + name() + " takes " + type.getSimpleName() + " items, got "
          + item.getClass().getSimpleName() + " (" + item.id() + "): load the data set for this task.");
    }
    return type.cast(item);
  }
}
