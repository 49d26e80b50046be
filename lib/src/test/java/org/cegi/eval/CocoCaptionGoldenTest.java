package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** pycocoevalcap 1.2 parity on {@code metrics/coco_caption.json}. */
class CocoCaptionGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("coco_caption.json");

  static List<CaptionImage> images(com.google.gson.JsonArray a) {
    List<CaptionImage> out = new ArrayList<>();
    for (JsonObject o : Golden.objects(a)) {
      out.add(new CaptionImage(o.get("image_id").getAsString(), o.get("candidate").getAsString(),
          Golden.strings(o.getAsJsonArray("references"))));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> pretokenizedCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("pretokenized_cases"))) {
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> check(
          CocoCaptionEval.standard().evaluatePretokenized(images(c.getAsJsonArray("images"))),
          c.getAsJsonObject("expected"))));
    }
    return tests.stream();
  }

  /** The scorers on the reference tokenizer's output (independent of our PTB tokenizer). */
  @TestFactory
  Stream<DynamicTest> pipelineCasesFromReferenceTokens() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("pipeline_cases"))) {
      JsonObject x = c.getAsJsonObject("expected");
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> check(
          CocoCaptionEval.standard().evaluatePretokenized(images(x.getAsJsonArray("tokenized"))), x)));
    }
    return tests.stream();
  }

  static void check(CocoCaptionEval.Evaluation e, JsonObject x) {
    for (Map.Entry<String, com.google.gson.JsonElement> s : x.getAsJsonObject("scores").entrySet()) {
      Golden.close(s.getKey(), e.scores().get(s.getKey()), s.getValue().getAsDouble());
    }
    List<JsonObject> per = Golden.objects(x.getAsJsonArray("per_image"));
    assertThat(e.perImage()).hasSize(per.size());
    for (int i = 0; i < per.size(); i++) {
      for (Map.Entry<String, com.google.gson.JsonElement> s : per.get(i).entrySet()) {
        if (!s.getKey().equals("image_id")) {
          Golden.close("image " + i + " " + s.getKey(), e.perImage().get(i).get(s.getKey()), s.getValue().getAsDouble());
        }
      }
    }
    JsonObject st = x.getAsJsonObject("bleu_corpus_stats");
    CocoBleu.Stats stats = new CocoBleu().stats(e.tokenized());
    assertThat(stats.testlen()).isEqualTo(st.get("testlen").getAsLong());
    assertThat(stats.reflen()).isEqualTo(st.get("reflen").getAsLong());
    assertThat(stats.guess()).isEqualTo(Golden.longs(st.getAsJsonArray("guess")));
    assertThat(stats.correct()).isEqualTo(Golden.longs(st.getAsJsonArray("correct")));
  }
}
