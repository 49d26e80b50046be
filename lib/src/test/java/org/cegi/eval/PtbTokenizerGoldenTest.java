package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Our PTB tokenizer against CoreNLP 3.4.1 + pycocoevalcap output, and the full pipeline. */
class PtbTokenizerGoldenTest {
  private static final JsonObject GOLDEN = Golden.load("coco_caption.json");

  @TestFactory
  Stream<DynamicTest> tokenizerVectors() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject v : Golden.objects(GOLDEN.getAsJsonArray("ptb_tokenizer_vectors"))) {
      String raw = v.get("raw").getAsString();
      tests.add(DynamicTest.dynamicTest("ptb " + raw.replace('\n', ' '),
          () -> assertThat(PtbTokenizer.tokenizeCaption(raw)).isEqualTo(v.get("tokenized").getAsString())));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> pipelineCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("pipeline_cases"))) {
      JsonObject x = c.getAsJsonObject("expected");
      tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> {
        CocoCaptionEval.Evaluation e =
            CocoCaptionEval.standard().evaluate(CocoCaptionGoldenTest.images(c.getAsJsonArray("images")));
        assertThat(e.tokenized()).isEqualTo(CocoCaptionGoldenTest.images(x.getAsJsonArray("tokenized")));
        CocoCaptionGoldenTest.check(e, x);
      }));
    }
    return tests.stream();
  }

  @Test
  void bracketsSurviveAsLowercaseTokens() {
    assertThat(PtbTokenizer.tokenize("A man (wearing a \"hat\").")).containsExactly(
        "A", "man", "-LRB-", "wearing", "a", "``", "hat", "''", "-RRB-", ".");
  }
}
