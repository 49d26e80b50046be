package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** sacreBLEU 2.6.0 chrF parity on {@code metrics/chrf.json}. */
class ChrfGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("chrf.json");

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("corpus_cases"))) {
      List<String> hyps = Golden.strings(c.getAsJsonArray("hypotheses"));
      List<List<String>> refs = Bleu.segmentsFromStreams(Golden.stringLists(c.getAsJsonArray("references")));
      JsonObject x = c.getAsJsonObject("expected").getAsJsonObject("corpus_chrf");
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> check(Chrf.corpus(hyps, refs), x)));
    }
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("sentence_cases"))) {
      String hyp = c.get("hypothesis").getAsString();
      List<String> refs = Golden.strings(c.getAsJsonArray("references"));
      JsonObject x = c.getAsJsonObject("expected").getAsJsonObject("sentence_chrf");
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> check(Chrf.sentence(hyp, refs), x)));
    }
    return tests.stream();
  }

  static void check(ChrfScore s, JsonObject x) {
    Golden.close("score", s.score(), x.get("score").getAsDouble());
    assertThat(s.formatted()).isEqualTo(x.get("formatted").getAsString());
    assertThat(Golden.withoutVersion(s.signature())).isEqualTo(Golden.withoutVersion(x.get("signature").getAsString()));
  }
}
