package org.cegi.model;

import org.cegi.internal.Check;

/**
 * The figures of one generation request, which turn measured energy into J/token and J/request.
 *
 * @param promptTokens tokens of the prompt (without left padding)
 * @param outputTokens tokens generated, the stop token included
 * @param batchSize requests that ran together
 * @param timeToFirstTokenS from the start of the request (tokenisation included) to the first token, in s
 * @param decodeS from the first token to the last, in s
 * @param totalS the whole request, in s
 * @param engineS time inside the engine's session calls, in s
 */
public record GenerationStats(
    int promptTokens,
    int outputTokens,
    int batchSize,
    double timeToFirstTokenS,
    double decodeS,
    double totalS,
    double engineS) {

  public GenerationStats {
    Check.nonNegative("prompt_tokens", promptTokens);
    Check.nonNegative("tokens_out", outputTokens);
    Check.positive("batch_size", batchSize);
    Check.nonNegative("ttft_s", timeToFirstTokenS);
    Check.nonNegative("decode_s", decodeS);
    Check.nonNegative("total_s", totalS);
    Check.nonNegative("engine_s", engineS);
  }

  /** Decode speed after the first token, in tokens/s (0 when fewer than two tokens were generated). */
  public double decodeTokensPerS() {
    return outputTokens > 1 && decodeS > 0 ? (outputTokens - 1) / decodeS : 0.0;
  }

  /** Time outside the engine's session calls, in s. */
  public double outsideEngineS() {
    return Math.max(0.0, totalS - engineS);
  }

  /** Share of the request spent outside the engine's session calls, in [0, 1]. */
  public double outsideEngineShare() {
    return totalS > 0 ? outsideEngineS() / totalS : 0.0;
  }
}
