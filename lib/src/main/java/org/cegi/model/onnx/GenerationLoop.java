package org.cegi.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;
import org.cegi.model.DecoderStep;
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
    Check.notNull("feed", feed);
    OnnxDecoder.Cache empty = decoder.emptyCache(promptMask.length);
    try {
      return run(new Steps<OnnxDecoder.Step>() {
        @Override
        public OnnxDecoder.Step prefill() {
          return feed.prefill(empty);
        }

        @Override
        public OnnxDecoder.Step next(long[][] tokens, long[][] mask, OnnxDecoder.Step previous) {
          return feed.next(tokens, mask, previous.cache());
        }
      }, tokenizer, config, promptTokens, promptMask, options, startNanos, engineNanos, engineAtStartNanos,
          listener);
    } finally {
      empty.close();
    }
  }

  /**
   * How the engine-neutral loop advances a decoder: the prompt pass, then one step per chosen token from the previous
   * step (whose cache the engine reads). {@link #run(Steps, HfTokenizer, ModelConfig, int[], long[][],
   * GenerationOptions, long, LongSupplier, long, GenerationListener)} closes every step it got.
   */
  public interface Steps<S extends DecoderStep> {
    /** The prompt pass over the left-padded batch, from an empty cache. */
    S prefill();

    /**
     * One step: the token chosen for each row ({@code [batch][1]}, the pad id for finished rows), the attention
     * mask grown by one column, and the previous step (its cache). The steps keep track of positions themselves.
     */
    S next(long[][] tokens, long[][] mask, S previous);
  }

  /**
   * Runs the loop for one batch on any engine: sampling, stops (EOS ids, stop strings, {@code maxNewTokens}) and the
   * per-request figures are the same whichever decoder {@code steps} drives.
   *
   * @param promptTokens prompt tokens of each row (for the figures)
   * @param promptMask attention mask of the prompt pass, {@code [batch][promptLength]}
   * @param startNanos {@link System#nanoTime()} when the request began (preprocessing included)
   * @param engineNanos total time inside engine calls so far, in ns (read at the end)
   * @param engineAtStartNanos its value when the request began (before any engine call of the request)
   */
  public static <S extends DecoderStep> List<GenerationResult> run(Steps<S> steps, HfTokenizer tokenizer,
      ModelConfig config, int[] promptTokens, long[][] promptMask, GenerationOptions options, long startNanos,
      LongSupplier engineNanos, long engineAtStartNanos, GenerationListener listener) {
    Check.notNull("steps", steps);
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
    S step = null;
    try {
      step = steps.prefill();
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
        S next = steps.next(nextIds, mask, step);
        step.close();
        step = next;
      }
    } finally {
      if (step != null) {
        step.close();
      }
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

  /**
   * A batch of prompts left-padded to the longest: token ids (the pad id before each prompt), attention mask (0 on
   * padding), position ids (counting from 0 at each prompt's first token; 1 on padding, as transformers fills them)
   * and the prompt lengths, which are also the position of each row's first new token.
   */
  public record PaddedBatch(long[][] ids, long[][] mask, long[][] positions, int[] promptTokens) {}

  /** Left-pads prompts (each at least one token) into one batch. */
  public static PaddedBatch leftPad(List<long[]> prompts, long pad) {
    Check.notNull("prompts", prompts);
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("prompts must not be empty");
    }
    int b = prompts.size();
    int len = 0;
    for (long[] p : prompts) {
      if (p.length == 0) {
        throw new IllegalArgumentException("A prompt encoded to zero tokens: give some text (or set"
            + " addSpecialTokens(true) for a model whose tokenizer adds a BOS token).");
      }
      len = Math.max(len, p.length);
    }
    long[][] ids = new long[b][len];
    long[][] mask = new long[b][len];
    long[][] pos = new long[b][len];
    int[] promptTokens = new int[b];
    for (int r = 0; r < b; r++) {
      long[] p = prompts.get(r);
      int off = len - p.length;
      java.util.Arrays.fill(ids[r], 0, off, pad);
      java.util.Arrays.fill(pos[r], 0, off, 1);
      for (int i = 0; i < p.length; i++) {
        ids[r][off + i] = p[i];
        mask[r][off + i] = 1;
        pos[r][off + i] = i;
      }
      promptTokens[r] = p.length;
    }
    return new PaddedBatch(ids, mask, pos, promptTokens);
  }
}
