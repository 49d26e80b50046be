package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationResult.FinishReason;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.text.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxCausalLmTest {
  @TempDir static Path dir;
  static OnnxCausalLm lm;

  static final GenerationOptions GREEDY_24 = GenerationOptions.builder().maxNewTokens(24).build();

  @BeforeAll
  static void load() {
    TinyDecoder.qwen2().writeTo(dir.resolve("qwen"));
    lm = OnnxCausalLm.load(dir.resolve("qwen"), "model.onnx", 1);
  }

  @AfterAll
  static void close() {
    lm.close();
  }

  @Test
  void greedyIsDeterministicAndVaried() {
    GenerationResult a = lm.generate("Hello world, the model", GREEDY_24);
    GenerationResult b = lm.generate("Hello world, the model", GREEDY_24);
    assertThat(a.tokenIds()).isEqualTo(b.tokenIds());
    assertThat(a.tokenIds()).hasSize(24);
    assertThat(a.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(new HashSet<>(a.tokenIds())).as("greedy output must not repeat one token").hasSizeGreaterThan(3);
    assertThat(a.stats().promptTokens()).isEqualTo(lm.tokenizer().encode("Hello world, the model", true).length);
    assertThat(a.stats().outputTokens()).isEqualTo(24);
    assertThat(a.stats().timeToFirstTokenS()).isPositive();
    assertThat(a.stats().decodeTokensPerS()).isPositive();
    assertThat(a.stats().engineS()).isPositive().isLessThanOrEqualTo(a.stats().totalS());
    assertThat(a.stats().outsideEngineShare()).isBetween(0.0, 1.0);
  }

  @Test
  void batchWithLeftPaddingGivesTheTokensOfSingleRequests() {
    List<String> prompts = List.of("Hi", "The quick brown fox jumps over the lazy dog", "select name from users");
    List<GenerationResult> batch = lm.generate(prompts, GREEDY_24);
    for (int i = 0; i < prompts.size(); i++) {
      GenerationResult single = lm.generate(prompts.get(i), GREEDY_24);
      assertThat(batch.get(i).tokenIds()).as(prompts.get(i)).isEqualTo(single.tokenIds());
      assertThat(batch.get(i).stats().batchSize()).isEqualTo(3);
    }
  }

  @Test
  void samplingIsSeededAndTopKOneIsGreedy() {
    GenerationOptions.Builder s = GenerationOptions.builder().maxNewTokens(20).sample(true).temperature(1.5);
    GenerationResult a = lm.generate("Hello", s.seed(1).build());
    GenerationResult b = lm.generate("Hello", s.seed(1).build());
    GenerationResult c = lm.generate("Hello", s.seed(2).build());
    assertThat(a.tokenIds()).isEqualTo(b.tokenIds());
    assertThat(a.tokenIds()).isNotEqualTo(c.tokenIds());
    GenerationResult k1 = lm.generate("Hello", s.topK(1).seed(3).build());
    GenerationResult p0 = lm.generate("Hello", s.topK(0).topP(1e-6).seed(4).build());
    GenerationResult greedy = lm.generate("Hello", GenerationOptions.builder().maxNewTokens(20).build());
    assertThat(k1.tokenIds()).isEqualTo(greedy.tokenIds());
    assertThat(p0.tokenIds()).isEqualTo(greedy.tokenIds());
  }

  @Test
  void stopsOnStopStringAndCutsTheText() {
    GenerationResult full = lm.generate("Hello", GREEDY_24);
    String text = full.text();
    assertThat(text.length()).isGreaterThan(6);
    String stop = text.substring(3, 6);
    int at = text.indexOf(stop);
    GenerationResult cut = lm.generate("Hello",
        GenerationOptions.builder().maxNewTokens(24).stopStrings(List.of(stop)).build());
    assertThat(cut.finishReason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(cut.text()).isEqualTo(text.substring(0, at));
    assertThat(cut.tokenIds().size()).isLessThan(24);
  }

  @Test
  void stopsOnEosOfGenerationConfig() throws Exception {
    GenerationResult full = lm.generate("Hello", GREEDY_24);
    long third = full.tokenIds().get(2);
    Path copy = dir.resolve("eos");
    TinyDecoder.qwen2().writeTo(copy);
    String g = Files.readString(copy.resolve("generation_config.json"));
    Files.writeString(copy.resolve("generation_config.json"),
        g.replaceFirst("\"eos_token_id\": \\[", "\"eos_token_id\": [" + third + ","));
    try (OnnxCausalLm eos = OnnxCausalLm.load(copy, "model.onnx", 1)) {
      GenerationResult r = eos.generate("Hello", GREEDY_24);
      assertThat(r.finishReason()).isEqualTo(FinishReason.EOS);
      assertThat(r.tokenIds()).containsExactlyElementsOf(full.tokenIds().subList(0, full.tokenIds().indexOf(third) + 1));
    }
  }

  @Test
  void llamaAddsBosAndGenerates() {
    TinyDecoder.llama().writeTo(dir.resolve("llama"));
    try (OnnxCausalLm llama = OnnxCausalLm.load(dir.resolve("llama"), "model.onnx", 1)) {
      long bos = llama.tokenizer().encode("", true)[0];
      assertThat(llama.tokenizer().encode("Hi", true)[0]).isEqualTo(bos);
      GenerationResult r = llama.generate("Hello", GenerationOptions.builder().maxNewTokens(8).build());
      assertThat(r.tokenIds()).isNotEmpty();
      assertThat(r.stats().promptTokens()).isEqualTo(llama.tokenizer().encode("Hello", true).length);
    }
  }

  @Test
  void missingFolderAndTokenizerAreNamed() throws Exception {
    assertThatThrownBy(() -> OnnxCausalLm.load(dir.resolve("nowhere")))
        .hasMessageContaining("nowhere")
        .hasMessageContaining("cegi fixtures tiny-qwen2");
    Path broken = dir.resolve("broken");
    TinyDecoder.qwen2().writeTo(broken);
    Files.delete(broken.resolve("tokenizer.json"));
    assertThatThrownBy(() -> OnnxCausalLm.load(broken))
        .hasMessageContaining("Missing tokenizer.json in " + broken);
    Files.delete(broken.resolve("config.json"));
    assertThatThrownBy(() -> OnnxCausalLm.load(broken))
        .hasMessageContaining("Missing config.json in " + broken);
  }

  @Test
  void chatUsesTheModelsTemplateWithoutAddedSpecialTokens() {
    String prompt = "<|im_start|>system\nYou are a tiny test model.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        + "<|im_start|>assistant\n";
    long[] ids = lm.tokenizer().encode(prompt, false);
    assertThat(ids[0]).isEqualTo(lm.tokenizer().encode("<|im_start|>", false)[0]);
    GenerationResult viaChat = lm.chat(List.of(org.cegi.model.text.ChatMessage.user("Hi")), GREEDY_24);
    GenerationResult viaIds = lm.generateIds(List.of(ids), GREEDY_24).get(0);
    assertThat(viaChat.stats().promptTokens()).isEqualTo(ids.length);
    assertThat(viaChat.tokenIds()).isEqualTo(viaIds.tokenIds());
  }

  @Test
  void everyQuantizedVariantGeneratesInBatches() {
    Path all = dir.resolve("all");
    TinyDecoder.qwen2().variants(java.util.EnumSet.allOf(TinyDecoder.Variant.class)).writeTo(all);
    for (TinyDecoder.Variant v : TinyDecoder.Variant.values()) {
      try (OnnxCausalLm q = OnnxCausalLm.load(all, v.fileName(), 1)) {
        List<GenerationResult> r = q.generate(List.of("Hello", "The quick brown fox"),
            GenerationOptions.builder().maxNewTokens(6).build());
        assertThat(r).as(v.name()).allSatisfy(x -> assertThat(x.tokenIds()).hasSize(6));
        assertThat(r.get(1).tokenIds()).as(v.name() + " batch equals single")
            .isEqualTo(q.generate("The quick brown fox", GenerationOptions.builder().maxNewTokens(6).build()).tokenIds());
      }
    }
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> GenerationOptions.builder().maxNewTokens(0).build())
        .hasMessage("max_new_tokens must be > 0, got 0");
    assertThatThrownBy(() -> GenerationOptions.builder().topP(1.5).build())
        .hasMessageContaining("top_p must be within");
  }

  @Test
  void theListenerIsToldOnceBetweenThePromptPassAndTheFirstDecodeStep() {
    List<String> prompts = List.of("Hi", "The quick brown fox jumps over the lazy dog");
    List<Long> told = new ArrayList<>();
    long before = System.nanoTime();
    List<GenerationResult> r = lm.generate(prompts, GREEDY_24, () -> told.add(System.nanoTime()));
    long after = System.nanoTime();
    assertThat(told).hasSize(1);
    for (GenerationResult g : r) {
      // not before the first token was chosen, and before every decode step
      assertThat((told.get(0) - before) / 1e9).isGreaterThanOrEqualTo(g.stats().timeToFirstTokenS());
      assertThat((after - told.get(0)) / 1e9).isGreaterThanOrEqualTo(g.stats().decodeS());
      assertThat(g.tokenIds()).hasSize(24);
    }
    assertThat(r.get(1).tokenIds()).isEqualTo(lm.generate(prompts, GREEDY_24).get(1).tokenIds());
    List<String> calls = new ArrayList<>();
    lm.chatBatch(List.of(List.of(ChatMessage.user("Hello"))), GenerationOptions.builder().maxNewTokens(1).build(),
        () -> calls.add("first"));
    assertThat(calls).containsExactly("first");
    assertThat(lm.generateIds(List.of(new long[] {5, 6, 7}), GREEDY_24, () -> calls.add("ids"))).hasSize(1);
    assertThat(calls).containsExactly("first", "ids");
  }

  @Test
  void aListenerThatThrowsAbortsTheBatchAndTheModelStaysUsable() {
    assertThatThrownBy(() -> lm.generate(List.of("Hi"), GREEDY_24, () -> {
      throw new IllegalStateException("monitor closed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("monitor closed");
    assertThatThrownBy(() -> lm.generate(List.of("Hi"), GREEDY_24, null)).hasMessageContaining("listener");
    assertThat(lm.generate("Hi", GREEDY_24).tokenIds()).hasSize(24);
  }
}
