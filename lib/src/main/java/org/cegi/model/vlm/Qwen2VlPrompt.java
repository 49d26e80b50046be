package org.cegi.model.vlm;

import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.text.ChatMessage;

/**
 * Prompt helpers of the Qwen2-VL family: the image placeholder that its chat template writes for an image part, and
 * the expansion of each {@code <|image_pad|>} token to as many tokens as the image has merged patches.
 *
 * <pre>{@code
 * ChatMessage m = Qwen2VlPrompt.userWithImage("What is in the picture?");
 * long[] ids = Qwen2VlPrompt.expandImageTokens(tokenizer.encode(text, false), imagePadId, List.of(patches));
 * }</pre>
 */
public final class Qwen2VlPrompt {
  /** What Qwen2-VL's chat template writes for one image part of a message. */
  public static final String IMAGE_PLACEHOLDER = "<|vision_start|><|image_pad|><|vision_end|>";

  private Qwen2VlPrompt() {}

  /** A user turn with one image before the text, as the template renders {@code [{image}, {text}]}. */
  public static ChatMessage userWithImage(String text) {
    return ChatMessage.user(IMAGE_PLACEHOLDER + Check.notNull("text", text));
  }

  /** Number of image-pad tokens in a prompt. */
  public static int countImageTokens(long[] ids, long imageTokenId) {
    int n = 0;
    for (long id : ids) {
      if (id == imageTokenId) {
        n++;
      }
    }
    return n;
  }

  /**
   * Replaces the {@code k}-th image-pad token by {@code images.get(k).mergedTokens()} copies of it.
   *
   * @throws IllegalArgumentException when the prompt's image-pad tokens and the images differ in number
   */
  public static long[] expandImageTokens(long[] ids, long imageTokenId, List<PixelPatches> images) {
    Check.notNull("ids", ids);
    Check.noNulls("images", images);
    int pads = countImageTokens(ids, imageTokenId);
    if (pads != images.size()) {
      throw new IllegalArgumentException("The prompt has " + pads + " <|image_pad|> token(s) but " + images.size()
          + " image(s) were given: put " + IMAGE_PLACEHOLDER + " once per image in the prompt"
          + " (Qwen2VlPrompt.userWithImage does this for one image).");
    }
    int extra = 0;
    for (PixelPatches p : images) {
      extra += p.mergedTokens() - 1;
    }
    long[] out = new long[ids.length + extra];
    int o = 0;
    int k = 0;
    for (long id : ids) {
      if (id == imageTokenId) {
        int count = images.get(k++).mergedTokens();
        for (int j = 0; j < count; j++) {
          out[o++] = id;
        }
      } else {
        out[o++] = id;
      }
    }
    return out;
  }
}
