package org.cegi.model;

/**
 * Told where a batch's generation stands, on the generating thread, so that a caller can split the measurement of
 * one batch into phases: the prompt pass (prefill, up to and including the choice of the first token of every row)
 * and the decode steps after it. The run engine ends its {@code prefill} window and begins its {@code decode} window
 * in {@link #firstToken()}.
 *
 * <pre>{@code
 * List<GenerationResult> r = lm.chatBatch(conversations, options, () -> prefill.end());
 * }</pre>
 *
 * <p>A listener that throws aborts the generation with its exception (the runtime's resources are released).
 */
@FunctionalInterface
public interface GenerationListener {
  /** Listens to nothing. */
  GenerationListener NONE = () -> {};

  /**
   * Called exactly once per batch, when the prompt pass has run and the first token of every row has been chosen,
   * before the first decode step (also when generation stops after that first token).
   */
  void firstToken();
}
