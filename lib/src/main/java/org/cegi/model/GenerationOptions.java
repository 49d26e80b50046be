package org.cegi.model;

import java.util.List;
import org.cegi.internal.Check;

/**
 * How to generate: greedy or sampled, how many tokens at most, and when to stop early.
 *
 * <pre>{@code
 * GenerationOptions greedy = GenerationOptions.builder().maxNewTokens(64).build();
 * GenerationOptions sampled = GenerationOptions.builder().sample(true).temperature(0.7).topP(0.9).seed(1).build();
 * }</pre>
 *
 * @param maxNewTokens the most tokens generated per request (&gt; 0)
 * @param sample false: greedy (arg max); true: sample with temperature, top-k and top-p
 * @param temperature softmax temperature (&gt; 0), used when sampling
 * @param topK keep the k most likely tokens (0: all), used when sampling
 * @param topP keep the smallest set whose probability reaches p (1: all), used when sampling
 * @param seed seed of the sampler; equal seeds give equal outputs
 * @param stopStrings generation stops when the text produced contains one; the text is cut before it
 * @param addSpecialTokens whether the tokenizer adds its special tokens (e.g. BOS) to a plain prompt
 */
public record GenerationOptions(
    int maxNewTokens,
    boolean sample,
    double temperature,
    int topK,
    double topP,
    long seed,
    List<String> stopStrings,
    boolean addSpecialTokens) {

  public GenerationOptions {
    Check.positive("max_new_tokens", maxNewTokens);
    Check.positive("temperature", temperature);
    Check.nonNegative("top_k", topK);
    Check.inRange("top_p", topP, Double.MIN_VALUE, 1.0);
    stopStrings = List.copyOf(Check.noNulls("stop_strings", stopStrings));
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop_strings must not contain an empty string");
      }
    }
  }

  /** Greedy, 64 new tokens, no stop strings. */
  public static GenerationOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with plain option names. */
  public static final class Builder {
    private int maxNewTokens = 64;
    private boolean sample;
    private double temperature = 1.0;
    private int topK;
    private double topP = 1.0;
    private long seed;
    private List<String> stopStrings = List.of();
    private boolean addSpecialTokens = true;

    public Builder maxNewTokens(int n) {
      this.maxNewTokens = n;
      return this;
    }

    public Builder sample(boolean on) {
      this.sample = on;
      return this;
    }

    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    public Builder topK(int k) {
      this.topK = k;
      return this;
    }

    public Builder topP(double p) {
      this.topP = p;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Builder stopStrings(List<String> stops) {
      this.stopStrings = stops;
      return this;
    }

    public Builder addSpecialTokens(boolean on) {
      this.addSpecialTokens = on;
      return this;
    }

    public GenerationOptions build() {
      return new GenerationOptions(maxNewTokens, sample, temperature, topK, topP, seed, stopStrings,
          addSpecialTokens);
    }
  }
}
