package org.cegi.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.eval.Rouge;
import org.cegi.eval.RougeScore;
import org.cegi.eval.RougeType;

/**
 * Dialogue summarization (SAMSum in the paper). Metrics: ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F-measures as
 * rouge-score computes them with the Porter stemmer. Gain: {@code rougeL}.
 */
public final class SummarizationTask implements Task {
  /** System message. */
  public static final String SYSTEM = "You summarize conversations. Reply with the summary only.";

  @Override
  public String name() {
    return "summarization";
  }

  @Override
  public boolean needsImage() {
    return false;
  }

  @Override
  public Class<? extends TaskItem> itemType() {
    return TaskItem.Dialogue.class;
  }

  @Override
  public Prompt prompt(TaskItem item) {
    TaskItem.Dialogue d = cast(item, TaskItem.Dialogue.class);
    return Prompt.text(SYSTEM, "Summarize the following dialogue in one or two sentences.\n\n"
        + d.dialogue().strip());
  }

  /** The whole reply without a leading {@code Summary:} label, trimmed. */
  @Override
  public String extract(String output) {
    String s = output.strip();
    if (s.regionMatches(true, 0, "summary:", 0, 8)) {
      s = s.substring(8).strip();
    }
    return s;
  }

  @Override
  public ItemScore score(TaskItem item, String answer) {
    TaskItem.Dialogue d = cast(item, TaskItem.Dialogue.class);
    Map<RougeType, RougeScore> r = Rouge.withStemmer(true).score(d.summary(), answer);
    Map<String, Double> out = new LinkedHashMap<>();
    for (RougeType t : List.of(RougeType.ROUGE1, RougeType.ROUGE2, RougeType.ROUGE_L, RougeType.ROUGE_LSUM)) {
      out.put(t.label(), r.get(t).fmeasure());
    }
    return ItemScore.of(out);
  }

  @Override
  public List<String> references(TaskItem item) {
    return List.of(cast(item, TaskItem.Dialogue.class).summary());
  }

  @Override
  public List<String> metrics() {
    return List.of("rouge1", "rouge2", "rougeL", "rougeLsum");
  }

  @Override
  public String gainMetric() {
    return "rougeL";
  }
}
