package org.cegi.tasks;

import java.util.List;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;

/**
 * The seam between tasks and runtimes: generate one reply per prompt, as one batch. A text runtime (ONNX decoder)
 * and a vision-language runtime implement the same interface, so the run engine works with either; tests use a
 * scripted fake.
 *
 * <pre>{@code
 * Generator echo = (prompts, options) -> prompts.stream()
 *     .map(p -> new Generation("a red circle", 12, 4, 0.01, 0.02)).toList();
 * }</pre>
 */
@FunctionalInterface
public interface Generator {
  /**
   * Generates one reply per prompt.
   *
   * @return one generation per prompt, in order
   * @throws IllegalArgumentException when a prompt cannot be served (e.g. an image for a text-only runtime)
   */
  List<Generation> generate(List<Prompt> prompts, GenerationOptions options);

  /**
   * Generates one reply per prompt and calls {@link GenerationListener#firstToken()} once, when the prompt pass has
   * chosen the first token of every reply (the run engine splits the batch into prefill and decode windows there).
   * The default generates without telling: a runtime that cannot see its first token leaves the listener uncalled,
   * and the engine then records the batch without the split.
   *
   * @return one generation per prompt, in order
   */
  default List<Generation> generate(List<Prompt> prompts, GenerationOptions options, GenerationListener listener) {
    return generate(prompts, options);
  }

  /** Whether prompts may carry images (false: a text-only runtime). */
  default boolean acceptsImages() {
    return false;
  }
}
