package org.cegi.lab;

import org.cegi.internal.Check;

/**
 * One synthetic item: a user turn, the assistant reply the model should give, and the task it belongs to.
 *
 * @param task {@code text-to-sql}, {@code summarization} or {@code facts}
 * @param prompt the user message
 * @param answer the gold reply (for text-to-SQL the gold query)
 */
public record LabExample(String task, String prompt, String answer) {
  public LabExample {
    Check.nonBlank("task", task);
    Check.nonBlank("prompt", prompt);
    Check.nonBlank("answer", answer);
  }
}
