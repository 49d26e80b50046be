package org.cegi.model;

import java.util.List;
import org.cegi.internal.Check;

/**
 * What one request produced.
 *
 * @param text the decoded output (special tokens skipped, cut before a stop string)
 * @param tokenIds the generated token ids, the stop token included
 * @param finishReason why generation stopped
 * @param stats tokens and timings
 */
public record GenerationResult(String text, List<Long> tokenIds, FinishReason finishReason, GenerationStats stats) {
  /** Why a request stopped. */
  public enum FinishReason {
    /** An end-of-sequence token of the model was generated. */
    EOS,
    /** The output contained a stop string. */
    STOP_STRING,
    /** {@code max_new_tokens} was reached. */
    LENGTH
  }

  public GenerationResult {
    Check.notNull("text", text);
    tokenIds = List.copyOf(Check.noNulls("token_ids", tokenIds));
    Check.notNull("finish_reason", finishReason);
    Check.notNull("stats", stats);
  }
}
