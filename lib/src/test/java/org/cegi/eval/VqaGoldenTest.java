package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Official VQA evaluation parity on {@code metrics/vqa.json}. */
class VqaGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("vqa.json");

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("cases"))) {
      JsonObject x = c.getAsJsonObject("expected");
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + c.get("note").getAsString(), () -> {
        VqaAccuracy.Result r = VqaAccuracy.score(
            Golden.strings(c.getAsJsonArray("answers")), c.get("prediction").getAsString());
        assertThat(r.accuracy()).isEqualTo(x.get("accuracy").getAsDouble());
        assertThat(r.accuracyPercentRounded()).isEqualTo(x.get("accuracy_percent_rounded").getAsDouble());
        assertThat(r.normalizationApplied()).isEqualTo(x.get("normalization_applied").getAsBoolean());
        assertThat(r.predictionProcessed()).isEqualTo(x.get("prediction_processed").getAsString());
        assertThat(r.answersProcessed()).isEqualTo(Golden.strings(x.getAsJsonArray("answers_processed")));
        assertThat(r.matchingAnswers()).isEqualTo(x.get("matching_answers").getAsInt());
      }));
    }
    for (JsonObject v : Golden.objects(GOLDEN.getAsJsonArray("normalization_vectors"))) {
      String in = v.get("input").getAsString();
      tests.add(DynamicTest.dynamicTest("normalize " + in, () -> {
        String stripped = VqaAccuracy.clean(in);
        assertThat(stripped).isEqualTo(v.get("after_strip").getAsString());
        String punct = VqaAccuracy.processPunctuation(stripped);
        assertThat(punct).isEqualTo(v.get("after_processPunctuation").getAsString());
        assertThat(VqaAccuracy.processDigitArticle(punct)).isEqualTo(v.get("normalized").getAsString());
        assertThat(VqaAccuracy.normalize(in)).isEqualTo(v.get("normalized").getAsString());
      }));
    }
    return tests.stream();
  }

  @Test
  void aggregate() {
    List<VqaAccuracy.Question> qs = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("cases"))) {
      qs.add(new VqaAccuracy.Question(c.get("question_type").getAsString(), c.get("answer_type").getAsString(),
          Golden.strings(c.getAsJsonArray("answers")), c.get("prediction").getAsString()));
    }
    VqaAccuracy.Summary s = VqaAccuracy.aggregate(qs);
    JsonObject x = GOLDEN.getAsJsonObject("aggregate");
    assertThat(s.overallPercentRounded()).isEqualTo(x.get("overall_percent_rounded").getAsDouble());
    Golden.close("mean", s.overallMean(), x.get("overall_mean_unrounded").getAsDouble());
    x.getAsJsonObject("perQuestionType").entrySet().forEach(
        e -> assertThat(s.perQuestionType().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().getAsDouble()));
    x.getAsJsonObject("perAnswerType").entrySet().forEach(
        e -> assertThat(s.perAnswerType().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().getAsDouble()));
    assertThat(s.perQuestionType()).hasSameSizeAs(x.getAsJsonObject("perQuestionType").entrySet());
  }
}
