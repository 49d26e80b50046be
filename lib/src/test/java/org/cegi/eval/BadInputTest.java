package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mismatched sizes, nulls and empty reference sets fail with messages that name sizes or indices. */
class BadInputTest {
  @Test
  void bleuAndChrfNameSizesAndIndices() {
    assertThatThrownBy(() -> Bleu.corpus(List.of("a", "b"), List.of(List.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hypotheses and references must have the same size, got 2 hypotheses and 1 reference lists;"
            + " give one list of references per hypothesis");
    assertThatThrownBy(() -> Bleu.corpus(Arrays.asList("a", null), List.of(List.of("a"), List.of("b"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("hypotheses[1] must not be null");
    assertThatThrownBy(() -> Bleu.corpus(List.of("a", "b"), List.of(List.of("a"), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("references[1] holds no reference; every hypothesis needs at least one");
    assertThatThrownBy(() -> Bleu.sentence("a", Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("references[1] must not be null");
    assertThatThrownBy(() -> Bleu.segmentsFromStreams(List.of(List.of("a", "b"), List.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference stream 1 has 1 segments but stream 0 has 2; every stream needs one entry (or null)"
            + " per hypothesis");
    assertThatThrownBy(() -> Chrf.corpus(List.of("a"), List.of(List.of("a"), List.of("b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hypotheses and references must have the same size, got 1 hypotheses and 2");
    assertThatThrownBy(() -> Chrf.sentence("a", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("references[0] holds no reference; every hypothesis needs at least one");
  }

  @Test
  void emptyStringsScoreZeroWithoutException() {
    assertThat(Bleu.sentence("", List.of("")).score()).isZero();
    assertThat(Bleu.corpus(List.of(""), List.of(List.of("a b c"))).score()).isZero();
    assertThat(Chrf.sentence("", List.of("")).score()).isZero();
    assertThat(Rouge.withStemmer(true).score("", "").get(RougeType.ROUGE_LSUM)).isEqualTo(RougeScore.ZERO);
    assertThat(Rouge.withStemmer(false).score("a b", "").get(RougeType.ROUGE1)).isEqualTo(RougeScore.ZERO);
    assertThat(VqaAccuracy.score(List.of("yes", "no"), "").accuracy()).isZero();
    CocoCaptionEval.Evaluation e = CocoCaptionEval.standard().evaluate(List.of(
        new CaptionImage("1", "", List.of("a dog")), new CaptionImage("2", "a cat", List.of(""))));
    assertThat(e.scores().get("CIDEr")).isZero();
    assertThat(e.perImage().get(0).get("ROUGE_L")).isZero();
  }

  @Test
  void nonAsciiAsTheReferences() {
    // rouge-score drops every character outside [a-z0-9]; sacreBLEU keeps them.
    assertThat(Rouge.tokenize("Crème brûlée 🍮 naïve", false)).containsExactly("cr", "me", "br", "l", "e", "na", "ve");
    assertThat(Bleu.sentence("Crème brûlée 🍮", List.of("Crème brûlée 🍮")).score()).isEqualTo(100.00000000000004);
  }

  @Test
  void rougeCaptionAndVqaInputChecks() {
    assertThatThrownBy(() -> Rouge.withStemmer(false).mean(List.of("a"), List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targets and predictions must have the same size, got 1 targets and 2 predictions");
    assertThatThrownBy(() -> Rouge.withStemmer(false).scoreMulti(List.of(), "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("targets must hold at least one reference, got 0");
    assertThatThrownBy(() -> new CaptionImage("7", "a", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image 7 has no reference caption; every image needs at least one");
    assertThatThrownBy(() -> CocoCaptionEval.standard().evaluate(List.of(
        new CaptionImage("1", "a", List.of("a")), new CaptionImage("1", "b", List.of("b")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("images[1] repeats image id 1; give each image once with all its references");
    assertThatThrownBy(() -> VqaAccuracy.score(List.of(), "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("answers must hold the human answers (ten in VQA v2), got 0");
    assertThatThrownBy(() -> VqaAccuracy.score(Arrays.asList("yes", null), "yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("answers[1] must not be null");
    assertThatThrownBy(() -> RougeType.of("rouge3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown ROUGE type \"rouge3\"; use one of rouge1, rouge2, rougeL, rougeLsum");
  }

  @Test
  void eachCaptionScorerRejectsEmptySetsAndRepeatedImages() {
    List<CaptionImage> repeated = List.of(
        new CaptionImage("9", "a dog", List.of("a dog")), new CaptionImage("9", "a cat", List.of("a cat")));
    for (CaptionMetric metric : List.<CaptionMetric>of(new CocoBleu(), new CocoRougeL(), new CiderD())) {
      assertThatThrownBy(() -> metric.score(List.of()))
          .as(metric.names().toString())
          .hasMessage("images must not be empty: a caption set needs at least one image");
      assertThatThrownBy(() -> metric.score(repeated))
          .as(metric.names().toString())
          .hasMessage("images[1] repeats image id 9; give each image once with all its references");
    }
    assertThatThrownBy(() -> new CocoBleu().stats(List.of()))
        .hasMessage("images must not be empty: a caption set needs at least one image");
  }

  @Test
  void extensionPointAcceptsAnotherMetric() {
    CaptionMetric constant = new CaptionMetric() {
      @Override
      public List<String> names() {
        return List.of("METEOR");
      }

      @Override
      public Result score(List<CaptionImage> tokenized) {
        return new Result(java.util.Map.of("METEOR", 0.25),
            tokenized.stream().map(i -> java.util.Map.of("METEOR", 0.25)).toList());
      }
    };
    CocoCaptionEval.Evaluation e = CocoCaptionEval.builder().metric(constant).build()
        .evaluatePretokenized(List.of(new CaptionImage("1", "a dog", List.of("a dog"))));
    assertThat(e.scores()).containsKeys("Bleu_4", "ROUGE_L", "CIDEr", "METEOR");
    assertThat(e.perImage().get(0).get("METEOR")).isEqualTo(0.25);
  }

  @Test
  void rougeTypeSubsetsAgreeWithTheFullScorer() {
    Rouge only = Rouge.of(true, RougeType.ROUGE_L);
    var full = Rouge.withStemmer(true).score("The cats were running home.", "A cat runs home");
    var part = only.score("The cats were running home.", "A cat runs home");
    assertThat(part).containsOnlyKeys(RougeType.ROUGE_L);
    assertThat(part.get(RougeType.ROUGE_L)).isEqualTo(full.get(RougeType.ROUGE_L));
    assertThat(only.mean(List.of("a b"), List.of("a"))).containsOnlyKeys(RougeType.ROUGE_L);
    assertThatThrownBy(() -> Rouge.of(false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("types must name at least one ROUGE type, got 0");
  }
}
