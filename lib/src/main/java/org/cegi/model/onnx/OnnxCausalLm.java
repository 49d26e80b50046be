package org.cegi.model.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationResult.FinishReason;
import org.cegi.model.GenerationStats;
import org.cegi.model.ModelConfig;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.ChatTemplate;
import org.cegi.model.text.HfTokenizer;

/**
 * A decoder-only language model folder in the Hugging Face optimum / transformers.js ONNX layout, ready to
 * generate: {@code config.json}, {@code generation_config.json}, {@code tokenizer.json} and
 * {@code onnx/model*.onnx}. Generation runs a key/value-cached loop on ONNX Runtime (greedy or sampled, stop on the
 * EOS ids of {@code generation_config.json} and on stop strings, batches with left padding) and reports per-request
 * token counts and timings; in a batch, the total and engine times are those of the whole batch. One request at a
 * time: an instance is not thread-safe.
 *
 * <pre>{@code
 * try (OnnxCausalLm lm = OnnxCausalLm.load(Path.of("models/tiny-qwen2"))) {
 *   GenerationResult r = lm.generate("Hello", GenerationOptions.builder().maxNewTokens(32).build());
 *   System.out.println(r.text() + " " + r.stats().decodeTokensPerS() + " tok/s");
 * }
 * }</pre>
 */
public final class OnnxCausalLm implements AutoCloseable {
  private final Path dir;
  private final ModelConfig config;
  private final HfTokenizer tokenizer;
  private final OnnxDecoder decoder;
  private ChatTemplate chatTemplate;

  private OnnxCausalLm(Path dir, ModelConfig config, HfTokenizer tokenizer, OnnxDecoder decoder) {
    this.dir = dir;
    this.config = config;
    this.tokenizer = tokenizer;
    this.decoder = decoder;
  }

  /** Loads {@code onnx/model.onnx} with as many threads as the machine has cores. */
  public static OnnxCausalLm load(Path dir) {
    return load(dir, "model.onnx", Runtime.getRuntime().availableProcessors());
  }

  /**
   * Loads a model folder.
   *
   * @param onnxFileName the file below {@code onnx/}: {@code model.onnx}, {@code model_int8.onnx}, …
   * @param threads ONNX Runtime intra-op threads
   */
  public static OnnxCausalLm load(Path dir, String onnxFileName, int threads) {
    Check.nonBlank("onnx file name", onnxFileName);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model folder " + dir + " does not exist: write one with"
          + " `cegi fixtures tiny-qwen2 " + dir + "` or download a model in the Hugging Face ONNX layout there.");
    }
    ModelConfig config = ModelConfig.read(dir);
    HfTokenizer tok = HfTokenizer.load(dir);
    try {
      return new OnnxCausalLm(dir, config, tok, OnnxDecoder.open(dir.resolve("onnx").resolve(onnxFileName), config,
          threads));
    } catch (RuntimeException e) {
      tok.close();
      throw e;
    }
  }

  public Path dir() {
    return dir;
  }

  public ModelConfig config() {
    return config;
  }

  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /** The ONNX session (for tests and benchmarks). */
  public OnnxDecoder decoder() {
    return decoder;
  }

  /**
   * Generates the assistant's reply to a conversation: the prompt is the model's own chat template rendered with
   * the generation prompt, tokenised without added special tokens (as {@code apply_chat_template} does).
   */
  public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
    return chatBatch(List.of(messages), options).get(0);
  }

  /** Replies to several conversations as one batch. */
  public List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options) {
    long start = System.nanoTime();
    if (chatTemplate == null) {
      chatTemplate = ChatTemplate.fromModelFolder(dir);
    }
    List<long[]> ids = new ArrayList<>();
    for (List<ChatMessage> c : conversations) {
      ids.add(tokenizer.encode(chatTemplate.render(c, true), false));
    }
    return generateIds(ids, options, start);
  }

  /** Generates for one prompt. */
  public GenerationResult generate(String prompt, GenerationOptions options) {
    return generate(List.of(prompt), options).get(0);
  }

  /** Generates for several prompts together as one left-padded batch. */
  public List<GenerationResult> generate(List<String> prompts, GenerationOptions options) {
    long start = System.nanoTime();
    Check.noNulls("prompts", prompts);
    List<long[]> ids = new ArrayList<>();
    for (String p : prompts) {
      ids.add(tokenizer.encode(p, options.addSpecialTokens()));
    }
    return generateIds(ids, options, start);
  }

  /** Generates from token ids (one batch). */
  public List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options) {
    return generateIds(prompts, options, System.nanoTime());
  }

  private List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options, long start) {
    Check.notNull("options", options);
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
    long engineBefore = decoder.engineNanos();
    long pad = config.padTokenId();
    long[][] ids = new long[b][len];
    long[][] mask = new long[b][len];
    long[][] pos = new long[b][len];
    long[] nextPos = new long[b];
    for (int r = 0; r < b; r++) {
      long[] p = prompts.get(r);
      int off = len - p.length;
      Arrays.fill(ids[r], 0, off, pad);
      Arrays.fill(pos[r], 0, off, 1);
      for (int i = 0; i < p.length; i++) {
        ids[r][off + i] = p[i];
        mask[r][off + i] = 1;
        pos[r][off + i] = i;
      }
      nextPos[r] = p.length;
    }
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
      step = decoder.forward(ids, mask, pos, empty);
      int total = len;
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
        }
        if (active == 0) {
          break;
        }
        total++;
        long[][] nextMask = new long[b][total];
        long[][] nextPosIds = new long[b][1];
        for (int r = 0; r < b; r++) {
          System.arraycopy(mask[r], 0, nextMask[r], 0, total - 1);
          nextMask[r][total - 1] = 1;
          nextPosIds[r][0] = nextPos[r]++;
        }
        mask = nextMask;
        OnnxDecoder.Step next = decoder.forward(nextIds, mask, nextPosIds, step.cache());
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
    double engineS = (decoder.engineNanos() - engineBefore) / 1e9;
    List<GenerationResult> results = new ArrayList<>(b);
    for (int r = 0; r < b; r++) {
      String t = text[r] != null ? text[r] : tokenizer.decode(out.get(r), true);
      long rowEnd = System.nanoTime();
      GenerationStats stats = new GenerationStats(prompts.get(r).length, out.get(r).size(), b,
          (firstToken - start) / 1e9, Math.max(0, finishedAt[r] - firstToken) / 1e9,
          (Math.max(end, rowEnd) - start) / 1e9, engineS);
      results.add(new GenerationResult(t, out.get(r), reason[r], stats));
    }
    return results;
  }

  @Override
  public void close() {
    try {
      decoder.close();
    } finally {
      tokenizer.close();
    }
  }
}
