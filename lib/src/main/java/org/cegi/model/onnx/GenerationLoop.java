package org.cegi.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationResult.FinishReason;
import org.cegi.model.GenerationStats;
import org.cegi.model.ModelConfig;
import org.cegi.model.text.HfTokenizer;

/**
 * The key/value-cached generation loop shared by the text runtime ({@link OnnxCausalLm}) and the vision-language
 * runtime: sampling with {@link TokenSampler}, stops on EOS ids, stop strings and {@code maxNewTokens}, and the
 * per-request figures (time to first token, decode time, time inside the engine). What the decoder is fed — token ids
 * and 1-axis positions, or embeddings and multimodal positions — is up to the {@link Feed}.
 *
 * <pre>{@code
 * List<GenerationResult> r = GenerationLoop.run(decoder, tokenizer, config, promptTokens, mask, feed, options,
 *     System.nanoTime(), decoder::engineNanos, decoder.engineNanos());
 * }</pre>
 */
public final class GenerationLoop {
  private GenerationLoop() {}

  /** What the loop feeds the decoder. */
  public interface Feed {
    /** The prompt pass over the left-padded batch, from an empty cache. */
    OnnxDecoder.Step prefill(OnnxDecoder.Cache empty);

    /**
     * One step: the token chosen for each row ({@code [batch][1]}, the pad id for finished rows), the attention
     * mask grown by one column, and the cache so far. The feed keeps track of positions itself.
     */
    OnnxDecoder.Step next(long[][] tokens, long[][] mask, OnnxDecoder.Cache past);
  }

  /**
   * Runs the loop for one batch.
   *
   * @param promptTokens prompt tokens of each row (for the figures)
   * @param promptMask attention mask of the prompt pass, {@code [batch][promptLength]}
   * @param startNanos {@link System#nanoTime()} when the request began (preprocessing included)
   * @param engineNanos total time inside engine session calls so far, in ns (read at the end)
   * @param engineAtStartNanos its value when the request began (before any session call of the request)
   */
  public static List<GenerationResult> run(OnnxDecoder decoder, HfTokenizer tokenizer, ModelConfig config,
      int[] promptTokens, long[][] promptMask, Feed feed, GenerationOptions options, long startNanos,
      LongSupplier engineNanos, long engineAtStartNanos) {
    return run(decoder, tokenizer, config, promptTokens, promptMask, feed, options, startNanos, engineNanos,
        engineAtStartNanos, GenerationListener.NONE);
  }

  /**
   * Runs the loop for one batch and tells {@code listener} when the first token of every row has been chosen
   * (once, after the prompt pass and before the first decode step).
   *
   * @see #run(OnnxDecoder, HfTokenizer, ModelConfig, int[], long[][], Feed, GenerationOptions, long, LongSupplier,
   *     long)
   */
  public static List<GenerationResult> run(OnnxDecoder decoder, HfTokenizer tokenizer, ModelConfig config,
      int[] promptTokens, long[][] promptMask, Feed feed, GenerationOptions options, long startNanos,
      LongSupplier engineNanos, long engineAtStartNanos, GenerationListener listener) {
    Check.notNull("options", options);
    Check.notNull("listener", listener);
    int b = promptMask.length;
    long engineBefore = engineAtStartNanos;
    long pad = config.padTokenId();
    long[][] mask = promptMask;
    TokenSampler sampler = new TokenSampler(options);
    List<List<Long>> out = new ArrayList<>();
    FinishReason[] reason = new FinishReason[b];
    String[] text = new String[b];
    long[] finishedAt = new long[b];
    for (int r = 0; r < b; r++) {
      out.add(new ArrayList<>());
    }
    long firstToken = 0;
    int active = b;
    OnnxDecoder.Cache empty = decoder.emptyCache(b);
    OnnxDecoder.Step step = null;
    try {
      step = feed.prefill(empty);
      int total = mask[0].length;
      for (int n = 0; ; n++) {
        long[][] nextIds = new long[b][1];
        for (int r = 0; r < b; r++) {
          if (reason[r] != null) {
            nextIds[r][0] = pad;
            continue;
          }
          long tok = sampler.next(step, r);
          out.get(r).add(tok);
          nextIds[r][0] = tok;
          if (config.eosTokenIds().contains(tok)) {
            reason[r] = FinishReason.EOS;
          } else if (!options.stopStrings().isEmpty()) {
            String sofar = tokenizer.decode(out.get(r), true);
            for (String stop : options.stopStrings()) {
              int at = sofar.indexOf(stop);
              if (at >= 0) {
                reason[r] = FinishReason.STOP_STRING;
                text[r] = sofar.substring(0, at);
                break;
              }
            }
          }
          if (reason[r] == null && out.get(r).size() >= options.maxNewTokens()) {
            reason[r] = FinishReason.LENGTH;
          }
          if (reason[r] != null) {
            active--;
            finishedAt[r] = System.nanoTime();
          }
        }
        if (n == 0) {
          firstToken = System.nanoTime();
          listener.firstToken();
        }
        if (active == 0) {
          break;
        }
        total++;
        long[][] nextMask = new long[b][total];
        for (int r = 0; r < b; r++) {
          System.arraycopy(mask[r], 0, nextMask[r], 0, total - 1);
          nextMask[r][total - 1] = 1;
        }
        mask = nextMask;
        OnnxDecoder.Step next = feed.next(nextIds, mask, step.cache());
        step.close();
        step = next;
      }
    } finally {
      if (step != null) {
        step.close();
      }
      empty.close();
    }
    long end = System.nanoTime();
    double engineS = (engineNanos.getAsLong() - engineBefore) / 1e9;
    List<GenerationResult> results = new ArrayList<>(b);
    for (int r = 0; r < b; r++) {
      String t = text[r] != null ? text[r] : tokenizer.decode(out.get(r), true);
      long rowEnd = System.nanoTime();
      GenerationStats stats = new GenerationStats(promptTokens[r], out.get(r).size(), b,
          (firstToken - startNanos) / 1e9, Math.max(0, finishedAt[r] - firstToken) / 1e9,
          (Math.max(end, rowEnd) - startNanos) / 1e9, engineS);
      results.add(new GenerationResult(t, out.get(r), reason[r], stats));
    }
    return results;
  }
}
