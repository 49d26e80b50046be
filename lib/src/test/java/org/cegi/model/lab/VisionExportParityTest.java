package org.cegi.model.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.onnx.OnnxDecoder;
import org.cegi.model.text.HfTokenizer;
import org.cegi.model.vlm.OnnxVisionLm;
import org.cegi.model.vlm.PixelPatches;
import org.cegi.model.vlm.Qwen2VlImageProcessor;
import org.cegi.model.vlm.Qwen2VlPrompt;
import org.cegi.model.vlm.VlmImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qwen2-VL folder written from trained (LoRA-merged) weights computes, through {@link OnnxVisionLm} (image
 * processor, vision encoder, embed_tokens, image-token expansion, M-RoPE positions, merged decoder), the logits the
 * DJL trainer computes for the same image prompt.
 */
class VisionExportParityTest {
  @TempDir Path tmp;

  static BufferedImage image(int seed) {
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 56, 56);
    g.setColor(seed % 2 == 0 ? Color.RED : Color.BLUE);
    g.fillOval(4 + seed * 3, 10, 16, 16);
    g.setColor(Color.GREEN);
    g.fillRect(34, 30 - seed, 14, 14);
    g.dispose();
    return img;
  }

  @Test
  void onnxLogitsMatchTheTrainersForwardOnAnImagePrompt() {
    DecoderSpec spec = new DecoderSpec("qwen2", 64, 2, 4, 2, 128, 10_000.0, 1e-6, true, true, 256, 1L, 0.02);
    TinyQwen2Vl writer = TinyQwen2Vl.create().spec(spec).visionWidth(32).mropeSection(2, 3, 3).merges(16)
        .maxPixels(56 * 56).tokenizerCorpus(" what colour is the circle red blue");
    Path tokDir = writer.writeTokenizerTo(tmp.resolve("tok"));
    Qwen2VlImageProcessor processor = Qwen2VlImageProcessor.fromFolder(tokDir);
    String prompt = "<|im_start|>user\n" + Qwen2VlPrompt.IMAGE_PLACEHOLDER + "what colour is the circle?<|im_end|>\n"
        + "<|im_start|>assistant\n";
    long imageId;
    long[] promptIds;
    long[] answer;
    try (HfTokenizer tok = HfTokenizer.load(tokDir)) {
      imageId = tok.encode("<|image_pad|>", false)[0];
      promptIds = tok.encode(prompt, false);
      answer = tok.encode("red<|im_end|>", false);
    }
    List<VisionSequence> data = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PixelPatches p = processor.preprocess(VlmImage.of(image(i), "scene " + i));
      data.add(VisionSequence.of(promptIds, answer, imageId, p, i % 2 == 0));
    }
    PixelPatches probeImage = processor.preprocess(VlmImage.of(image(5), "probe"));
    VisionSequence probe = VisionSequence.of(promptIds, answer, imageId, probeImage, false);
    float[] djl;
    int vocab = writer.vocabSize();
    try (VisionTrainer t = new VisionTrainer(spec, vocab, 0, imageId, 32, new int[] {2, 3, 3}, 5L)) {
      t.train(data, 8, 4, 1e-2, i -> { });
      t.addLora(LoraConfig.allLinear(4));
      t.train(data, 8, 4, 1e-2, i -> { });
      djl = t.logits(probe);
      writer.weights(t.exportDecoder(), t.exportVision()).variants(EnumSet.of(TinyDecoder.Variant.FP32))
          .writeTo(tmp.resolve("m"));
    }
    int n = probe.ids().length;
    try (OnnxVisionLm vlm = OnnxVisionLm.load(tmp.resolve("m"), "", 1)) {
      long[] full = new long[promptIds.length + answer.length];
      System.arraycopy(promptIds, 0, full, 0, promptIds.length);
      System.arraycopy(answer, 0, full, promptIds.length, answer.length);
      OnnxVisionLm.Inputs in = vlm.prepare(List.of(full), List.of(List.of(probeImage)));
      assertThat(in.ids()[0]).containsExactly(probe.ids());
      for (int a = 0; a < 3; a++) {
        assertThat(in.positions()[a][0]).containsExactly(probe.positions()[a]);
      }
      double maxDiff = 0;
      double maxAbs = 0;
      try (OnnxDecoder.Cache c = vlm.decoder().emptyCache(1);
          OnnxDecoder.Step s = vlm.decoder().forwardEmbeds(in.embeds(), 1, in.mask(), in.positions(), c)) {
        for (int p = 0; p < n; p++) {
          float[] onnx = s.logits(0, p);
          for (int v = 0; v < vocab; v++) {
            maxDiff = Math.max(maxDiff, Math.abs(onnx[v] - djl[p * vocab + v]));
            maxAbs = Math.max(maxAbs, Math.abs(onnx[v]));
          }
        }
      }
      assertThat(maxAbs).as("logits are not trivially zero").isGreaterThan(0.1);
      assertThat(maxDiff).as("largest |ONNX - DJL| logit difference over %d positions", n).isLessThan(1e-4);
    }
  }

  @Test
  void mismatchedMropeSectionsAreRefused() {
    DecoderSpec spec = new DecoderSpec("qwen2", 64, 2, 4, 2, 128, 10_000.0, 1e-6, true, true, 256, 1L, 0.02);
    assertThatThrownBy(() -> new VisionTrainer(spec, 300, 0, 299, 32, new int[] {4, 6, 6}, 1L))
        .hasMessageContaining("head_dim / 2 = 8");
    assertThatThrownBy(() -> TinyQwen2Vl.create().spec(spec).mropeSection(4, 6, 6).writeTo(tmp.resolve("x")))
        .hasMessageContaining("head_dim / 2 = 8");
  }
}
