package org.cegi.model.text;

import org.cegi.internal.Check;

/**
 * One turn of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} (or {@code tool})
 * @param content the text of the turn; data, never evaluated as a template
 */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Check.nonBlank("role", role);
    Check.notNull("content", content);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }
}
