package org.cegi.model.vlm;

import java.util.List;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.text.ChatMessage;

/**
 * A vision-language model that answers a conversation about an image (captioning, visual question answering). The
 * Qwen2-VL family runs on {@link OnnxVisionLm}; other families implement the same interface.
 *
 * <pre>{@code
 * try (VisionLanguageModel vlm = OnnxVisionLm.load(Path.of("models/qwen2-vl-2b"))) {
 *   GenerationResult r = vlm.chat(List.of(ChatMessage.user("Describe the image.")),
 *       VlmImage.fromFile(Path.of("cat.jpg")), GenerationOptions.builder().maxNewTokens(32).build());
 * }
 * }</pre>
 */
public interface VisionLanguageModel extends AutoCloseable {
  /** Replies to one conversation about one image. */
  default GenerationResult chat(List<ChatMessage> messages, VlmImage image, GenerationOptions options) {
    return chatBatch(List.of(messages), List.of(image), options).get(0);
  }

  /** Replies to several conversations, each about its own image, as one batch. */
  List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, List<VlmImage> images,
      GenerationOptions options);

  @Override
  void close();
}
