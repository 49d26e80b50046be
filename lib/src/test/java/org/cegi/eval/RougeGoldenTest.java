package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** rouge-score 0.1.2 parity on {@code metrics/rouge.json}. */
class RougeGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("rouge.json");

  static Rouge scorer(String variant) {
    return Rouge.withStemmer(variant.equals("stem_true"));
  }

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("cases"))) {
      for (String variant : List.of("stem_false", "stem_true")) {
        JsonObject x = c.getAsJsonObject("expected").getAsJsonObject(variant);
        tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + variant, () -> check(
            scorer(variant).score(c.get("target").getAsString(), c.get("prediction").getAsString()), x)));
      }
    }
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("multi_reference_cases"))) {
      for (String variant : List.of("stem_false", "stem_true")) {
        JsonObject x = c.getAsJsonObject("expected").getAsJsonObject(variant);
        tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + variant, () -> check(
            scorer(variant).scoreMulti(Golden.strings(c.getAsJsonArray("targets")),
                c.get("prediction").getAsString()), x)));
      }
    }
    for (JsonObject v : Golden.objects(GOLDEN.getAsJsonArray("tokenizer_vectors"))) {
      String text = v.get("text").getAsString();
      tests.add(DynamicTest.dynamicTest("tokens of " + text.replace('\n', ' '), () -> {
        assertThat(Rouge.tokenize(text, false)).isEqualTo(Golden.strings(v.getAsJsonArray("tokens")));
        assertThat(Rouge.tokenize(text, true)).isEqualTo(Golden.strings(v.getAsJsonArray("tokens_stemmed")));
      }));
    }
    return tests.stream();
  }

  @Test
  void aggregateMean() {
    List<String> targets = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("cases"))) {
      targets.add(c.get("target").getAsString());
      predictions.add(c.get("prediction").getAsString());
    }
    for (String variant : List.of("stem_false", "stem_true")) {
      check(scorer(variant).mean(targets, predictions), GOLDEN.getAsJsonObject("aggregate_mean").getAsJsonObject(variant));
    }
  }

  static void check(Map<RougeType, RougeScore> s, JsonObject x) {
    for (RougeType t : RougeType.values()) {
      JsonObject e = x.getAsJsonObject(t.label());
      Golden.close(t.label() + " precision", s.get(t).precision(), e.get("precision").getAsDouble());
      Golden.close(t.label() + " recall", s.get(t).recall(), e.get("recall").getAsDouble());
      Golden.close(t.label() + " fmeasure", s.get(t).fmeasure(), e.get("fmeasure").getAsDouble());
    }
  }
}
