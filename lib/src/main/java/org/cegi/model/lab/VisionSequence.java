package org.cegi.model.lab;

import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.vlm.MropePositions;
import org.cegi.model.vlm.PixelPatches;
import org.cegi.model.vlm.Qwen2VlPrompt;

/**
 * One tokenised training sequence of the vision-language model: token ids with every {@code <|image_pad|>} already
 * expanded to the image's merged patches, the loss mask ({@code lossMask[i]} weights the prediction of
 * {@code ids[i + 1]}), the M-RoPE positions {@code [3][ids.length]} exactly as the runtime computes them
 * ({@link MropePositions}), and the image's patches ({@code rows * 1176} values; empty for a text-only sequence).
 */
public record VisionSequence(long[] ids, boolean[] lossMask, long[][] positions, float[] pixels, int patches) {
  public VisionSequence {
    Check.notNull("ids", ids);
    Check.notNull("lossMask", lossMask);
    Check.notNull("positions", positions);
    Check.notNull("pixels", pixels);
    if (ids.length < 2 || lossMask.length != ids.length || positions.length != 3 || positions[0].length != ids.length) {
      throw new IllegalArgumentException("a vision training sequence needs at least 2 ids, one mask flag and three"
          + " positions per id, got " + ids.length + " ids, " + lossMask.length + " flags");
    }
    if (pixels.length != (long) patches * org.cegi.model.fixtures.TinyQwen2Vl.PATCH_VALUES) {
      throw new IllegalArgumentException(patches + " patches need " + patches * 1176L + " pixel values, got "
          + pixels.length);
    }
  }

  /**
   * A prompt (with at most one unexpanded {@code <|image_pad|>}) followed by its answer.
   *
   * @param image the prompt's image, or null for a text-only prompt
   * @param lossOnPrompt whether the prompt's tokens are predicted too (base pre-training) or only the answer's
   */
  public static VisionSequence of(long[] prompt, long[] answer, long imageTokenId, PixelPatches image,
      boolean lossOnPrompt) {
    List<PixelPatches> images = image == null ? List.of() : List.of(image);
    long[] p = Qwen2VlPrompt.expandImageTokens(prompt, imageTokenId, images);
    long[] ids = new long[p.length + answer.length];
    System.arraycopy(p, 0, ids, 0, p.length);
    System.arraycopy(answer, 0, ids, p.length, answer.length);
    boolean[] mask = new boolean[ids.length];
    for (int i = 0; i + 1 < ids.length; i++) {
      mask[i] = (lossOnPrompt || i + 1 >= p.length) && ids[i + 1] != imageTokenId;
    }
    MropePositions pos = MropePositions.of(ids, imageTokenId, images);
    return new VisionSequence(ids, mask, pos.axes(), image == null ? new float[0] : image.values(),
        image == null ? 0 : image.rows());
  }
}
