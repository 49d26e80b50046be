package org.cegi.model.torchscript;

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
import org.cegi.model.onnx.GenerationLoop;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.ChatTemplate;
import org.cegi.model.text.HfTokenizer;

/**
 * A decoder-only language model folder with a TorchScript export, run on DJL's PyTorch engine: {@code config.json},
 * {@code generation_config.json}, {@code tokenizer.json} and {@code torchscript/model*.pt} (the files of the ONNX
 * layout, with the TorchScript module beside {@code onnx/}). Generation is the same key/value-cached loop as
 * {@code OnnxCausalLm} ({@link GenerationLoop}: greedy or sampled, EOS ids, stop strings, left-padded batches, time
 * to first token and engine time); only the forward pass differs. One request at a time: not thread-safe.
 *
 * <pre>{@code
 * try (TorchScriptCausalLm lm = TorchScriptCausalLm.load(Path.of("models/tiny-qwen2"))) {
 *   GenerationResult r = lm.generate("Hello", GenerationOptions.builder().maxNewTokens(32).build());
 * }
 * }</pre>
 */
public final class TorchScriptCausalLm implements CausalLm {
  private final Path dir;
  private final ModelConfig config;
  private final HfTokenizer tokenizer;
  private final TorchScriptDecoder decoder;
  private ChatTemplate chatTemplate;

  private TorchScriptCausalLm(Path dir, ModelConfig config, HfTokenizer tokenizer, TorchScriptDecoder decoder) {
    this.dir = dir;
    this.config = config;
    this.tokenizer = tokenizer;
    this.decoder = decoder;
  }

  /** Loads {@code torchscript/model.pt} with as many threads as the machine has cores. */
  public static TorchScriptCausalLm load(Path dir) {
    return load(dir, TorchScriptVariant.FP32.fileName(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * Loads a model folder.
   *
   * @param ptFileName the file below {@code torchscript/}: {@code model.pt}, {@code model_int8.pt}, …
   * @param threads PyTorch intra-op threads (process-wide)
   */
  public static TorchScriptCausalLm load(Path dir, String ptFileName, int threads) {
    Check.nonBlank("TorchScript file name", ptFileName);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model folder " + dir + " does not exist: write one with"
          + " `cegi fixtures tiny-qwen2 " + dir + " --torchscript`.");
    }
    ModelConfig config = ModelConfig.read(dir);
    HfTokenizer tok = HfTokenizer.load(dir);
    try {
      return new TorchScriptCausalLm(dir, config, tok,
          TorchScriptDecoder.open(dir.resolve("torchscript").resolve(ptFileName), config, threads));
    } catch (RuntimeException e) {
      tok.close();
      throw e;
    }
  }

  @Override
  public Engine engine() {
    return Engine.PYTORCH;
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

  /** The TorchScript module (for tests and benchmarks). */
  public TorchScriptDecoder decoder() {
    return decoder;
  }

  /** Generates the assistant's reply to a conversation with the model's own chat template. */
  @Override
  public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
    return chatBatch(List.of(messages), options).get(0);
  }

  /** Replies to several conversations as one batch. */
  @Override
  public List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options) {
    return chatBatch(conversations, options, GenerationListener.NONE);
  }

  /** Replies to several conversations as one batch, telling {@code listener} when the first tokens are chosen. */
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
    Check.notNull("options", options);
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
    int b = batch.ids().length;
    long[] nextPos = new long[b];
    for (int r = 0; r < b; r++) {
      nextPos[r] = batch.promptTokens()[r];
    }
    GenerationLoop.Steps<TorchScriptDecoder.Step> steps = new GenerationLoop.Steps<>() {
      @Override
      public TorchScriptDecoder.Step prefill() {
        return decoder.forward(batch.ids(), batch.mask(), batch.positions());
      }

      @Override
      public TorchScriptDecoder.Step next(long[][] tokens, long[][] mask, TorchScriptDecoder.Step previous) {
        long[][] pos = new long[b][1];
        for (int r = 0; r < b; r++) {
          pos[r][0] = nextPos[r]++;
        }
        return decoder.forward(tokens, mask, pos, previous);
      }
    };
    return GenerationLoop.run(steps, tokenizer, config, batch.promptTokens(), batch.mask(), options, start,
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
