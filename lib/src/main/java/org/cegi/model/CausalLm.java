package org.cegi.model;

import java.nio.file.Path;
import java.util.List;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.HfTokenizer;

/**
 * A loaded decoder-only language model folder, whichever engine runs it ({@code OnnxCausalLm} on ONNX Runtime,
 * {@code TorchScriptCausalLm} on DJL's PyTorch engine): the same requests, the same generation loop, the same
 * figures. One request at a time.
 *
 * <pre>{@code
 * try (CausalLm lm = TorchScriptCausalLm.load(dir)) {
 *   System.out.println(lm.generate("Hello", GenerationOptions.builder().build()).text());
 * }
 * }</pre>
 */
public interface CausalLm extends AutoCloseable {
  /** Which engine runs it. */
  Engine engine();

  /** The model folder. */
  Path dir();

  ModelConfig config();

  HfTokenizer tokenizer();

  /** Total time spent inside the engine's forward calls since loading, in ns. */
  long engineNanos();

  /** Generates for one prompt. */
  GenerationResult generate(String prompt, GenerationOptions options);

  /** Generates for several prompts together as one left-padded batch. */
  List<GenerationResult> generate(List<String> prompts, GenerationOptions options);

  /** Generates for several prompts as one batch, telling {@code listener} when the first tokens are chosen. */
  List<GenerationResult> generate(List<String> prompts, GenerationOptions options, GenerationListener listener);

  /** Replies to a conversation with the model's own chat template. */
  GenerationResult chat(List<ChatMessage> messages, GenerationOptions options);

  /** Replies to several conversations as one batch. */
  List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options);

  /** Replies to several conversations as one batch, telling {@code listener} when the first tokens are chosen. */
  List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, GenerationOptions options,
      GenerationListener listener);

  /** Generates from token ids (one batch). */
  List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options);

  /** Generates from token ids (one batch), telling {@code listener} when the first tokens are chosen. */
  List<GenerationResult> generateIds(List<long[]> prompts, GenerationOptions options, GenerationListener listener);

  @Override
  void close();
}
