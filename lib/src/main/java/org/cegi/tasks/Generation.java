package org.cegi.tasks;

import org.cegi.internal.Check;
import org.cegi.model.GenerationResult;

/**
 * What a runtime returned for one prompt.
 *
 * @param text the generated text (before answer extraction)
 * @param tokensIn prompt tokens (image tokens included where the runtime counts them)
 * @param tokensOut generated tokens
 * @param ttftS time to first token, in s (0 when the runtime does not report it)
 * @param durationS the whole request, in s
 */
public record Generation(String text, int tokensIn, int tokensOut, double ttftS, double durationS) {
  public Generation {
    Check.notNull("text", text);
    Check.nonNegative("tokens_in", tokensIn);
    Check.nonNegative("tokens_out", tokensOut);
    Check.nonNegative("ttft_s", ttftS);
    Check.nonNegative("duration_s", durationS);
  }
  /** What a cegi runtime's {@link GenerationResult} says about one request. */
  public static Generation of(GenerationResult r) {
    Check.notNull("result", r);
    return new Generation(r.text(), r.stats().promptTokens(), r.stats().outputTokens(),
        r.stats().timeToFirstTokenS(), r.stats().totalS());
  }

}
