package org.cegi.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cegi.eval.VqaAccuracy;

/**
 * Visual question answering (PathVQA, {@code flaviagiammarino/path-vqa}, in the paper). Metrics:
 * {@code exact_match} after the official VQA normalization (punctuation, number words, articles), and
 * {@code vqa_accuracy} (the official soft accuracy, min(1, matches/3) with leave-one-out) where the item has ten
 * human answers. Gain: {@code exact_match} (PathVQA has one answer per question).
 */
public final class VqaTask implements Task {
  /** System message. */
  public static final String SYSTEM = "You answer questions about an image. Reply with a single word or a short"
      + " phrase, nothing else.";

  @Override
  public String name() {
    return "vqa";
  }

  @Override
  public boolean needsImage() {
    return true;
  }

  @Override
  public Class<? extends TaskItem> itemType() {
    return TaskItem.Vqa.class;
  }

  @Override
  public Prompt prompt(TaskItem item) {
    TaskItem.Vqa q = cast(item, TaskItem.Vqa.class);
    return Prompt.withImage(SYSTEM, "Question: " + q.question().strip()
        + "\nAnswer with a single word or a short phrase.", q.image());
  }

  /** The first non-empty line without an {@code Answer:} label; a reply starting with yes/no becomes that word. */
  @Override
  public String extract(String output) {
    String a = Tasks.firstLine(output, "answer:", "a:");
    String lower = a.toLowerCase(Locale.ROOT);
    for (String yn : List.of("yes", "no")) {
      if (lower.equals(yn) || lower.matches(yn + "\\b[ ,.!].*")) {
        return yn;
      }
    }
    return a.endsWith(".") ? a.substring(0, a.length() - 1).strip() : a;
  }

  @Override
  public ItemScore score(TaskItem item, String answer) {
    TaskItem.Vqa q = cast(item, TaskItem.Vqa.class);
    Map<String, Double> out = new LinkedHashMap<>();
    String pred = VqaAccuracy.normalize(VqaAccuracy.normalizeWhitespace(answer));
    String gold = VqaAccuracy.normalize(VqaAccuracy.normalizeWhitespace(q.answer()));
    out.put("exact_match", !pred.isEmpty() && pred.equals(gold) ? 1.0 : 0.0);
    if (q.answers().size() == 10) {
      out.put("vqa_accuracy", VqaAccuracy.score(q.answers(), answer).accuracy());
    }
    return ItemScore.of(out);
  }

  @Override
  public List<String> references(TaskItem item) {
    TaskItem.Vqa q = cast(item, TaskItem.Vqa.class);
    return q.answers().isEmpty() ? List.of(q.answer()) : q.answers();
  }

  @Override
  public List<String> metrics() {
    return List.of("exact_match", "vqa_accuracy");
  }

  @Override
  public String gainMetric() {
    return "exact_match";
  }
}
