package org.cegi.model;

/**
 * The outputs of one forward pass of a key/value-cached decoder, whichever engine ran it: the logits of the last
 * position of each row (the grown cache is the engine's own business). The shared generation loop samples from it.
 */
public interface DecoderStep extends AutoCloseable {
  /** Logits {@code [vocab]} of the last position of a row (a copy). */
  float[] lastLogits(int row);

  /** The most likely token at the last position of a row. */
  int argMaxLast(int row);

  /** Number of rows. */
  int batch();

  /** Frees the step's tensors (its cache included). */
  @Override
  void close();
}
