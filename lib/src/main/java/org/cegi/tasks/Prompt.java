package org.cegi.tasks;

import java.util.List;
import java.util.Optional;
import org.cegi.internal.Check;
import org.cegi.model.text.ChatMessage;

/**
 * What a task sends to a model for one item: chat messages (system, user) and, for vision tasks, the image.
 *
 * @param messages the conversation, system message first
 * @param image the image the user message refers to (vision tasks only)
 */
public record Prompt(List<ChatMessage> messages, Optional<TaskImage> image) {
  public Prompt {
    messages = List.copyOf(Check.noNulls("messages", messages));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least one message");
    }
    Check.notNull("image", image);
  }

  /** A text-only prompt. */
  public static Prompt text(String system, String user) {
    return new Prompt(List.of(ChatMessage.system(system), ChatMessage.user(user)), Optional.empty());
  }

  /** A prompt with an image. */
  public static Prompt withImage(String system, String user, TaskImage image) {
    return new Prompt(List.of(ChatMessage.system(system), ChatMessage.user(user)), Optional.of(image));
  }

  /** The user message's text (the last user turn). */
  public String userText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).content();
      }
    }
    return "";
  }
}
