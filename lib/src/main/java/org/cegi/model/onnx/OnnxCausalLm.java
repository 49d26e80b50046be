package org.cegi.model.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.CausalLm;
import org.cegi.model.Engine;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
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
public final class OnnxCausalLm implements CausalLm {
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
    return load(dir, onnxFileName, threads, Device.CPU);
  }

  /**
   * Loads a model folder onto a device: {@link Device#CUDA} runs the session on ONNX Runtime's CUDA execution
   * provider and fails, saying what is missing (the GPU build of ONNX Runtime, CUDA libraries, a driver), where it
   * cannot; it never falls back to the CPU.
   *
   * @param onnxFileName the file below {@code onnx/}: {@code model.onnx}, {@code model_int8.onnx}, …
   * @param threads ONNX Runtime intra-op threads
   */
  public static OnnxCausalLm load(Path dir, String onnxFileName, int threads, Device device) {
    Check.nonBlank("onnx file name", onnxFileName);
    Check.notNull("device", device);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model folder " + dir + " does not exist: write one with"
          + " `cegi fixtures tiny-qwen2 " + dir + "` or download a model in the Hugging Face ONNX layout there.");
    }
    ModelConfig config = ModelConfig.read(dir);
    HfTokenizer tok = HfTokenizer.load(dir);
    try {
      OnnxDecoder dec = OnnxDecoder.open(dir.resolve("onnx").resolve(onnxFileName), config, threads, device);
      if (dec.takesEmbeddings() || dec.positionAxes() != 1) {
        dec.close();
        throw new IllegalArgumentException(dec.file() + " takes inputs_embeds: it is the decoder of a vision-language"
            + " model; load the folder with OnnxVisionLm (org.cegi.model.vlm).");
      }
      return new OnnxCausalLm(dir, config, tok, dec);
    } catch (RuntimeException e) {
      tok.close();
      throw e;
    }
  }

  @Override
  public Engine engine() {
    return Engine.ONNX_RUNTIME;
  }

  @Override
  public long engineNanos() {
    return decoder.engineNanos();
  }

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
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
  @Override
  public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
    return chatBatch(List.of(messages), options).get(0);
  }

  /** Replies to several conversations as one batch. */
  @Override
  public List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options) {
    return chatBatch(conversations, options, GenerationListener.NONE);
  }

  /**
   * Replies to several conversations as one batch and tells {@code listener} when the prompt pass has chosen the
   * first token of every row (before the first decode step).
   */
  @Override
  public List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options,
      GenerationListener listener) {
    long start = System.nanoTime();
    if (chatTemplate == null) {
      chatTemplate = ChatTemplate.fromModelFolder(dir);
    }
    List<long[]> ids = new ArrayList<>();
    for (List<ChatMessage> c : conversations) {
      ids.add(tokenizer.encode(chatTemplate.render(c, true), false));
    }
    return generateIds(ids, options, start, listener);
  }

  /** Generates for one prompt. */
  @Override
  public GenerationResult generate(String prompt, GenerationOptions options) {
    return generate(List.of(prompt), options).get(0);
  }

  /** Generates for several prompts together as one left-padded batch. */
  @Override
  public List<GenerationResult> generate(List<String> prompts, GenerationOptions options) {
    return generate(prompts, options, GenerationListener.NONE);
  }

  /** Generates for several prompts as one batch, telling {@code listener} when the first tokens are chosen. */
  @Override
  public List<GenerationResult> generate(List<String> prompts, GenerationOptions options,
      GenerationListener listener) {
    long start = System.nanoTime();
    Check.noNulls("prompts", prompts);
    List<long[]> ids = new ArrayList<>();
    for (String p : prompts) {
      ids.add(tokenizer.encode(p, options.addSpecialTokens()));
    }
    return generateIds(ids, options, start, listener);
  }

  /** Generates from token ids (one batch). */
  @Override
  public List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options) {
    return generateIds(prompts, options, System.nanoTime(), GenerationListener.NONE);
  }

  /** Generates from token ids (one batch), telling {@code listener} when the first tokens are chosen. */
  @Override
  public List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options,
      GenerationListener listener) {
    return generateIds(prompts, options, System.nanoTime(), listener);
  }

  private List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options, long start,
      GenerationListener listener) {
    Check.notNull("options", options);
    Check.notNull("listener", listener);
    long engineBefore = decoder.engineNanos();
    GenerationLoop.PaddedBatch batch = GenerationLoop.leftPad(prompts, config.padTokenId());
    long[][] ids = batch.ids();
    long[][] mask = batch.mask();
    long[][] pos = batch.positions();
    int[] promptTokens = batch.promptTokens();
    int b = ids.length;
    long[] nextPos = new long[b];
    for (int r = 0; r < b; r++) {
      nextPos[r] = promptTokens[r];
    }
    GenerationLoop.Feed feed = new GenerationLoop.Feed() {
      @Override
      public OnnxDecoder.Step prefill(OnnxDecoder.Cache empty) {
        return decoder.forward(ids, mask, pos, empty);
      }

      @Override
      public OnnxDecoder.Step next(long[][] tokens, long[][] grownMask, OnnxDecoder.Cache past) {
        long[][] nextPosIds = new long[b][1];
        for (int r = 0; r < b; r++) {
          nextPosIds[r][0] = nextPos[r]++;
        }
        return decoder.forward(tokens, grownMask, nextPosIds, past);
      }
    };
    return GenerationLoop.run(decoder, tokenizer, config, promptTokens, mask, feed, options, start,
        decoder::engineNanos, engineBefore, listener);
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
