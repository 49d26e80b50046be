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

/** sacreBLEU 2.6.0 parity on {@code metrics/bleu.json}. */
class BleuGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("bleu.json");

  static Bleu scorer(JsonObject config) {
    return Bleu.builder()
        .tokenize(config.get("tokenize").getAsString().equals("13a") ? Bleu.Tokenize.THIRTEEN_A : Bleu.Tokenize.NONE)
        .lowercase(config.get("lowercase").getAsBoolean())
        .effectiveOrder(config.get("effective_order").getAsBoolean())
        .build();
  }

  @TestFactory
  Stream<DynamicTest> corpusCases() {
    List<DynamicTest> tests = new ArrayList<>();
    JsonObject configs = GOLDEN.getAsJsonObject("configs");
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("corpus_cases"))) {
      List<String> hyps = Golden.strings(c.getAsJsonArray("hypotheses"));
      List<List<String>> refs = Bleu.segmentsFromStreams(Golden.stringLists(c.getAsJsonArray("references")));
      for (Map.Entry<String, com.google.gson.JsonElement> e : c.getAsJsonObject("expected").entrySet()) {
        Bleu bleu = scorer(configs.getAsJsonObject(e.getKey()));
        tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + e.getKey(),
            () -> check(bleu.corpusScore(hyps, refs), e.getValue().getAsJsonObject())));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> sentenceCases() {
    List<DynamicTest> tests = new ArrayList<>();
    JsonObject configs = GOLDEN.getAsJsonObject("configs");
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("sentence_cases"))) {
      String hyp = c.get("hypothesis").getAsString();
      List<String> refs = Golden.strings(c.getAsJsonArray("references"));
      for (Map.Entry<String, com.google.gson.JsonElement> e : c.getAsJsonObject("expected").entrySet()) {
        Bleu bleu = scorer(configs.getAsJsonObject(e.getKey()));
        tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + e.getKey(),
            () -> check(bleu.sentenceScore(hyp, refs), e.getValue().getAsJsonObject())));
      }
    }
    return tests.stream();
  }

  static void check(BleuScore s, JsonObject x) {
    Golden.close("score", s.score(), x.get("score").getAsDouble());
    assertThat(s.counts()).as("counts").isEqualTo(Golden.longs(x.getAsJsonArray("counts")));
    assertThat(s.totals()).as("totals").isEqualTo(Golden.longs(x.getAsJsonArray("totals")));
    for (int i = 0; i < 4; i++) {
      Golden.close("precision " + (i + 1), s.precisions().get(i), x.getAsJsonArray("precisions").get(i).getAsDouble());
    }
    Golden.close("bp", s.bp(), x.get("bp").getAsDouble());
    Golden.close("ratio", s.ratio(), x.get("ratio").getAsDouble());
    assertThat(s.sysLen()).as("sys_len").isEqualTo(x.get("sys_len").getAsLong());
    assertThat(s.refLen()).as("ref_len").isEqualTo(x.get("ref_len").getAsLong());
    assertThat(s.formatted()).as("formatted").isEqualTo(x.get("formatted").getAsString());
    assertThat(Golden.withoutVersion(s.signature())).isEqualTo(Golden.withoutVersion(x.get("signature").getAsString()));
    assertThat(s.signature()).endsWith("|version:" + Bleu.VERSION);
  }

  @Test
  void sacrebleuReadmeSanity() {
    JsonObject c = GOLDEN.getAsJsonArray("corpus_cases").get(0).getAsJsonObject();
    List<List<String>> refs = Bleu.segmentsFromStreams(Golden.stringLists(c.getAsJsonArray("references")));
    assertThat(Bleu.corpus(Golden.strings(c.getAsJsonArray("hypotheses")), refs).score())
        .isEqualTo(48.530827009929865);
  }
}
