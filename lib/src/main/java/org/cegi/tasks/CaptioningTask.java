package org.cegi.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.eval.CaptionImage;
import org.cegi.eval.CocoCaptionEval;

/**
 * Image captioning ({@code alfredplpl/artbench-pd-256x256} in the paper). Metrics: CIDEr-D (corpus only: its
 * document frequencies come from the whole set), BLEU-4 and ROUGE-L (COCO caption evaluation, per image and
 * corpus). Gain: {@code cider_d}.
 */
public final class CaptioningTask implements Task {
  /** System message. */
  public static final String SYSTEM = "You are an image captioning assistant. You describe images in one short,"
      + " factual sentence.";
  /** User message (the image is attached to it). */
  public static final String USER = "Write a one-sentence caption for this image.";

  @Override
  public String name() {
    return "captioning";
  }

  @Override
  public boolean needsImage() {
    return true;
  }

  @Override
  public Class<? extends TaskItem> itemType() {
    return TaskItem.Caption.class;
  }

  @Override
  public Prompt prompt(TaskItem item) {
    return Prompt.withImage(SYSTEM, USER, cast(item, TaskItem.Caption.class).image());
  }

  /** The first non-empty line, without a {@code Caption:} label or quotes. */
  @Override
  public String extract(String output) {
    return Tasks.firstLine(output, "caption:", "the caption is:");
  }

  @Override
  public ItemScore score(TaskItem item, String answer) {
    TaskItem.Caption c = cast(item, TaskItem.Caption.class);
    Map<String, Double> one = CocoCaptionEval.standard()
        .evaluate(List.of(new CaptionImage(c.id(), answer, c.references()))).perImage().get(0);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("bleu4", one.get("Bleu_4"));
    out.put("rouge_l", one.get("ROUGE_L"));
    return ItemScore.of(out);
  }

  @Override
  public List<String> references(TaskItem item) {
    return cast(item, TaskItem.Caption.class).references();
  }

  @Override
  public List<String> metrics() {
    return List.of("cider_d", "bleu4", "rouge_l");
  }

  @Override
  public String gainMetric() {
    return "cider_d";
  }

  /** The COCO evaluation of the whole set: CIDEr-D, BLEU-4, ROUGE-L. */
  @Override
  public Map<String, Double> corpusScores(List<String> answers, List<List<String>> references,
      List<ItemScore> perItem) {
    if (answers.isEmpty() || answers.size() != references.size()) {
      throw new IllegalArgumentException("answers and references must have the same, positive size, got "
          + answers.size() + " and " + references.size());
    }
    List<CaptionImage> images = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      images.add(new CaptionImage(Integer.toString(i), answers.get(i), references.get(i)));
    }
    Map<String, Double> s = CocoCaptionEval.standard().evaluate(images).scores();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("cider_d", s.get("CIDEr"));
    out.put("bleu4", s.get("Bleu_4"));
    out.put("rouge_l", s.get("ROUGE_L"));
    return out;
  }
}
