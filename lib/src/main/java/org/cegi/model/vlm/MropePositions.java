package org.cegi.model.vlm;

import java.util.List;
import org.cegi.internal.Check;

/**
 * Qwen2-VL's multimodal rotary positions ("M-RoPE") of one prompt: three position ids per token (temporal, height,
 * width). Text tokens carry the same running position on all three axes; the tokens of an image start at the
 * position after the preceding text and carry {@code (t, row, column)} of their merged patch offset by it; text after
 * an image continues at the largest position so far plus one. Because an image of {@code n} tokens advances positions
 * by less than {@code n}, decoding continues at {@code cachedLength + ropeDelta} on all three axes.
 *
 * <pre>{@code
 * long[] ids = Qwen2VlPrompt.expandImageTokens(tokenIds, imagePadId, List.of(patches));
 * MropePositions pos = MropePositions.of(ids, imagePadId, List.of(patches));
 * pos.axes();       // [3][ids.length], fed as position_ids [3, batch, sequence]
 * pos.ropeDelta();  // max position + 1 - ids.length (negative or zero)
 * }</pre>
 *
 * @param axes position ids {@code [3][sequence]}: temporal, height, width
 * @param ropeDelta what to add to a token's index in the sequence to get its position during cached decoding
 */
public record MropePositions(long[][] axes, long ropeDelta) {
  public MropePositions {
    Check.notNull("axes", axes);
    if (axes.length != 3 || axes[1].length != axes[0].length || axes[2].length != axes[0].length) {
      throw new IllegalArgumentException("axes must be [3][sequence]");
    }
    axes = new long[][] {axes[0].clone(), axes[1].clone(), axes[2].clone()};
  }

  /** Position ids of one axis (a copy). */
  public long[] axis(int axis) {
    return axes[axis].clone();
  }

  @Override
  public long[][] axes() {
    return new long[][] {axes[0].clone(), axes[1].clone(), axes[2].clone()};
  }

  /** Tokens covered. */
  public int length() {
    return axes[0].length;
  }

  /**
   * Computes the positions of an expanded prompt (every image already expanded to its
   * {@link PixelPatches#mergedTokens()} image-pad tokens, images in prompt order).
   *
   * @throws IllegalArgumentException when the number of image-pad tokens does not match the images
   */
  public static MropePositions of(long[] ids, long imageTokenId, List<PixelPatches> images) {
    Check.notNull("ids", ids);
    Check.noNulls("images", images);
    int n = ids.length;
    long[][] pos = new long[3][n];
    long next = 0;
    int image = 0;
    int i = 0;
    while (i < n) {
      if (ids[i] != imageTokenId) {
        pos[0][i] = next;
        pos[1][i] = next;
        pos[2][i] = next;
        next++;
        i++;
        continue;
      }
      if (image >= images.size()) {
        throw new IllegalArgumentException("The prompt has more image-pad tokens (id " + imageTokenId + ") than the "
            + images.size() + " image(s) given: expand each <|image_pad|> with Qwen2VlPrompt.expandImageTokens.");
      }
      PixelPatches p = images.get(image++);
      int m = p.mergeSize();
      int gt = p.gridT();
      int gh = p.gridH() / m;
      int gw = p.gridW() / m;
      int count = gt * gh * gw;
      if (i + count > n) {
        throw new IllegalArgumentException("Image " + image + " needs " + count + " image-pad tokens but the prompt"
            + " ends after " + (n - i) + ": expand each <|image_pad|> with Qwen2VlPrompt.expandImageTokens.");
      }
      long max = next;
      for (int k = 0; k < count; k++) {
        if (ids[i + k] != imageTokenId) {
          throw new IllegalArgumentException("Image " + image + " needs " + count + " consecutive image-pad tokens"
              + " but only " + k + " follow at index " + i + ".");
        }
        long t = next + k / (gh * gw);
        long h = next + (k / gw) % gh;
        long w = next + k % gw;
        pos[0][i + k] = t;
        pos[1][i + k] = h;
        pos[2][i + k] = w;
        max = Math.max(max, Math.max(t, Math.max(h, w)));
      }
      next = max + 1;
      i += count;
    }
    if (image != images.size()) {
      throw new IllegalArgumentException(images.size() + " image(s) given but the prompt has image-pad tokens for "
          + image + ": put one <|vision_start|><|image_pad|><|vision_end|> in the prompt per image.");
    }
    return new MropePositions(pos, next - n);
  }
}
