package org.cegi.model.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.onnx.OnnxCausalLm;
import org.cegi.model.onnx.OnnxDecoder;
import org.cegi.model.text.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny Qwen2-VL fixture on the vision-language runtime: layout, cached = full, batch = single, errors. */
class Qwen2VlRuntimeTest {
  @TempDir
  static Path tmp;
  static Path dir;
  static OnnxVisionLm vlm;

  @BeforeAll
  static void setUp() {
    dir = TinyQwen2Vl.create().writeTo(tmp.resolve("tiny-qwen2-vl"));
    vlm = OnnxVisionLm.load(dir, "", 1);
  }

  @AfterAll
  static void tearDown() {
    vlm.close();
  }

  static BufferedImage pattern(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 7 + seed * 40) & 0xff) << 16 | ((y * 5 + seed) & 0xff) << 8 | ((x + y) * 3 & 0xff));
      }
    }
    return img;
  }

  long[] prompt(String text) {
    String p = "<|im_start|>user\n" + Qwen2VlPrompt.IMAGE_PLACEHOLDER + text + "<|im_end|>\n<|im_start|>assistant\n";
    return vlm.tokenizer().encode(p, false);
  }

  @Test
  void writesTheOnnxCommunityLayout() {
    for (String f : List.of("onnx/vision_encoder.onnx", "onnx/embed_tokens.onnx", "onnx/decoder_model_merged.onnx",
        "config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json")) {
      assertThat(dir.resolve(f)).isRegularFile();
    }
    assertThat(vlm.decoder().takesEmbeddings()).isTrue();
    assertThat(vlm.decoder().positionAxes()).isEqualTo(3);
  }

  @Test
  void chatAboutAnImageReportsTokensAndTimes() {
    GenerationResult r = vlm.chat(List.of(ChatMessage.user("What is this?")), VlmImage.of(pattern(56, 56, 1), "p"),
        GenerationOptions.builder().maxNewTokens(5).build());
    assertThat(r.tokenIds()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    // 56 x 56 -> 4 x 4 patches -> 4 image tokens instead of the one <|image_pad|>.
    long[] plain = vlm.tokenizer().encode(vlm.chatTemplateForTest(List.of(
        Qwen2VlPrompt.userWithImage("What is this?"))), false);
    assertThat(r.stats().promptTokens()).isEqualTo(plain.length + 3);
    assertThat(r.stats().engineS()).isPositive().isLessThanOrEqualTo(r.stats().totalS());
    assertThat(r.stats().timeToFirstTokenS()).isPositive();
  }

  @Test
  void cachedDecodingEqualsAFullPass() {
    PixelPatches img = vlm.processor().preprocess(VlmImage.of(pattern(84, 56, 2), "p"));
    long[] p = prompt("Describe.");
    long[] extra = {5, 17, 42};
    long[] full = new long[p.length + extra.length];
    System.arraycopy(p, 0, full, 0, p.length);
    System.arraycopy(extra, 0, full, p.length, extra.length);
    OnnxDecoder dec = vlm.decoder();
    int h = vlm.config().hiddenSize();

    OnnxVisionLm.Inputs whole = vlm.prepare(List.of(full), List.of(List.of(img)));
    int n = whole.ids()[0].length;
    List<float[]> fullLogits = new ArrayList<>();
    try (OnnxDecoder.Cache empty = dec.emptyCache(1);
        OnnxDecoder.Step step = dec.forwardEmbeds(whole.embeds(), 1, whole.mask(), whole.positions(), empty)) {
      for (int k = 0; k < extra.length; k++) {
        fullLogits.add(step.logits(0, n - extra.length - 1 + k));   // predicts extra[k]
      }
    }

    OnnxVisionLm.Inputs head = vlm.prepare(List.of(p), List.of(List.of(img)));
    int m = head.ids()[0].length;
    assertThat(m).isEqualTo(n - extra.length);
    long next = head.nextPositions()[0];
    // The position the cache continues at equals the full pass's position of the first extra token.
    assertThat(next).isEqualTo(whole.positions()[0][0][m]);
    // 84 x 56 -> merged grid 2 x 3: 6 image tokens advance positions by max(2, 3) = 3, so the delta is -3.
    assertThat(next).isEqualTo(m - 3);
    long[][] mask = head.mask();
    OnnxDecoder.Cache empty = dec.emptyCache(1);
    OnnxDecoder.Step step = dec.forwardEmbeds(head.embeds(), 1, mask, head.positions(), empty);
    try {
      for (int k = 0; k < extra.length; k++) {
        float[] cached = step.lastLogits(0);
        float[] expected = fullLogits.get(k);
        for (int v = 0; v < cached.length; v++) {
          assertThat(Math.abs(cached[v] - expected[v])).as("step %d token %d", k, v).isLessThan(1e-4f);
        }
        long[][] grown = new long[1][mask[0].length + 1];
        System.arraycopy(mask[0], 0, grown[0], 0, mask[0].length);
        grown[0][mask[0].length] = 1;
        mask = grown;
        float[] e = new float[h];
        System.arraycopy(whole.embeds(), (m + k) * h, e, 0, h);
        long q = next + k;
        OnnxDecoder.Step s2 = dec.forwardEmbeds(e, 1, mask, new long[][][] {{{q}}, {{q}}, {{q}}}, step.cache());
        step.close();
        step = s2;
      }
    } finally {
      step.close();
      empty.close();
    }
  }

  @Test
  void theHeightAndWidthAxesReachTheDecoder() {
    PixelPatches img = vlm.processor().preprocess(VlmImage.of(pattern(56, 56, 2), "p"));
    OnnxVisionLm.Inputs in = vlm.prepare(List.of(prompt("x")), List.of(List.of(img)));
    long[][][] flat = {in.positions()[0], in.positions()[0], in.positions()[0]};
    OnnxDecoder dec = vlm.decoder();
    float[] la;
    float[] lb;
    // Prefill logits share one buffer (one request at a time): copy each before the next pass.
    try (OnnxDecoder.Cache e1 = dec.emptyCache(1);
        OnnxDecoder.Step a = dec.forwardEmbeds(in.embeds(), 1, in.mask(), in.positions(), e1)) {
      la = a.lastLogits(0);
    }
    try (OnnxDecoder.Cache e2 = dec.emptyCache(1);
        OnnxDecoder.Step b = dec.forwardEmbeds(in.embeds(), 1, in.mask(), flat, e2)) {
      lb = b.lastLogits(0);
    }
    float diff = 0;
    for (int i = 0; i < la.length; i++) {
      diff = Math.max(diff, Math.abs(la[i] - lb[i]));
    }
    assertThat(diff).isGreaterThan(1e-3f);
  }

  @Test
  void aMixedBatchOfTextAndImagePromptsEqualsSingleRequests() {
    GenerationOptions o = GenerationOptions.builder().maxNewTokens(5).build();
    List<ChatMessage> text = List.of(ChatMessage.user("Summarise: Ann and Bob meet at noon."));
    List<ChatMessage> withImage = List.of(ChatMessage.user("What shape is it?"));
    VlmImage img = VlmImage.of(pattern(56, 84, 3), "pattern");
    List<GenerationResult> batch = vlm.chatMixed(List.of(text, withImage), List.of(List.of(), List.of(img)), o);
    List<Long> aloneText = vlm.chatMixed(List.of(text), List.of(List.of()), o).get(0).tokenIds();
    List<Long> aloneImage = vlm.chatBatch(List.of(withImage), List.of(img), o).get(0).tokenIds();
    assertThat(batch.get(0).tokenIds()).isEqualTo(aloneText);
    assertThat(batch.get(1).tokenIds()).isEqualTo(aloneImage);
    // the image adds <|vision_start|>, its 6 merged patches (56x84 px) and <|vision_end|> to the prompt
    int withoutImage = vlm.chatMixed(List.of(withImage), List.of(List.of()), o).get(0).stats().promptTokens();
    assertThat(batch.get(1).stats().promptTokens()).isEqualTo(withoutImage + 8);
    assertThatThrownBy(() -> vlm.chatMixed(List.of(text), List.of(), o))
        .hasMessage("1 conversations but 0 image lists: give one (possibly empty) image list per conversation.");
  }

  @Test
  void batchEqualsSingle() {
    List<long[]> prompts = List.of(prompt("A long question about the picture?"), prompt("Hi"));
    List<List<PixelPatches>> images = List.of(
        List.of(vlm.processor().preprocess(VlmImage.of(pattern(56, 56, 3), "a"))),
        List.of(vlm.processor().preprocess(VlmImage.of(pattern(112, 84, 4), "b"))));
    GenerationOptions o = GenerationOptions.builder().maxNewTokens(6).build();
    List<GenerationResult> batch = vlm.generateIds(prompts, images, o);
    for (int r = 0; r < 2; r++) {
      GenerationResult single = vlm.generateIds(List.of(prompts.get(r)), List.of(images.get(r)), o).get(0);
      assertThat(batch.get(r).tokenIds()).as("row %d", r).isEqualTo(single.tokenIds());
      assertThat(batch.get(r).stats().promptTokens()).isEqualTo(single.stats().promptTokens());
    }
  }

  @Test
  void quantizedSiblingsLoadAndTextModelsAreRefused(@TempDir Path other) {
    Path q = TinyQwen2Vl.create().variants(java.util.EnumSet.of(org.cegi.model.fixtures.TinyDecoder.Variant.FP32,
        org.cegi.model.fixtures.TinyDecoder.Variant.INT8, org.cegi.model.fixtures.TinyDecoder.Variant.FP16))
        .writeTo(other.resolve("vl"));
    assertThat(q.resolve("onnx/decoder_model_merged_int8.onnx")).isRegularFile();
    try (OnnxVisionLm int8 = OnnxVisionLm.load(q, org.cegi.model.Quantization.INT8, 1)) {
      GenerationResult r = int8.chat(List.of(ChatMessage.user("Hi")), VlmImage.of(pattern(56, 56, 5), "x"),
          GenerationOptions.builder().maxNewTokens(2).build());
      assertThat(r.tokenIds()).isNotEmpty();
    }
    try (OnnxVisionLm fp16 = OnnxVisionLm.load(q, org.cegi.model.Quantization.FP16, 1);
        OnnxVisionLm fp32 = OnnxVisionLm.load(q, "", 1)) {
      // float16 inputs/outputs of all three graphs (weights of the tiny fp16 decoder are rounded to half).
      GenerationOptions o = GenerationOptions.builder().maxNewTokens(3).build();
      VlmImage img = VlmImage.of(pattern(56, 56, 6), "x");
      GenerationResult a = fp16.chat(List.of(ChatMessage.user("Hi")), img, o);
      assertThat(a.tokenIds()).hasSize(3);
      assertThat(a.stats().promptTokens())
          .isEqualTo(fp32.chat(List.of(ChatMessage.user("Hi")), img, o).stats().promptTokens());
    }
    assertThatThrownBy(() -> OnnxVisionLm.load(q, "_q4", 1))
        .hasMessageContaining("Missing ONNX file " + q.resolve("onnx/vision_encoder_q4.onnx"));
    Path text = org.cegi.model.fixtures.TinyDecoder.qwen2().writeTo(other.resolve("text"));
    assertThatThrownBy(() -> OnnxVisionLm.load(text, "", 1))
        .hasMessageContaining("is not a vision-language model (model_type qwen2)");
  }

  @Test
  void aMissingImageFailsNamingTheFile() {
    Path missing = tmp.resolve("nope.jpg");
    assertThatThrownBy(() -> vlm.chat(List.of(ChatMessage.user("?")), VlmImage.fromFile(missing),
        GenerationOptions.builder().build())).hasMessageContaining(missing.toString());
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void textRuntimeStillRefusesTheVlmDecoder() {
    assertThatThrownBy(() -> OnnxCausalLm.load(dir, "decoder_model_merged.onnx", 1))
        .hasMessageContaining("takes inputs_embeds: it is the decoder of a vision-language model;"
            + " load the folder with OnnxVisionLm");
  }

  @Test
  void aMixedBatchTellsItsListenerOnceAfterTheImageAndPromptPass() {
    GenerationOptions o = GenerationOptions.builder().maxNewTokens(4).build();
    List<ChatMessage> text = List.of(ChatMessage.user("Summarise: Ann and Bob meet at noon."));
    List<ChatMessage> withImage = List.of(ChatMessage.user("What shape is it?"));
    VlmImage img = VlmImage.of(pattern(56, 84, 3), "pattern");
    java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    long before = System.nanoTime();
    List<GenerationResult> batch = vlm.chatMixed(List.of(text, withImage), List.of(List.of(), List.of(img)), o,
        () -> {
          calls.incrementAndGet();
          told.set(System.nanoTime());
        });
    long after = System.nanoTime();
    assertThat(calls.get()).isEqualTo(1);
    for (GenerationResult g : batch) {
      assertThat((told.get() - before) / 1e9).isGreaterThanOrEqualTo(g.stats().timeToFirstTokenS());
      assertThat((after - told.get()) / 1e9).isGreaterThanOrEqualTo(g.stats().decodeS());
    }
    assertThat(batch.get(1).tokenIds()).isEqualTo(vlm.chatMixed(List.of(text, withImage),
        List.of(List.of(), List.of(img)), o).get(1).tokenIds());
  }
}
