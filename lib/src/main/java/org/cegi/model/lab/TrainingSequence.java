package org.cegi.model.lab;

import org.cegi.internal.Check;

/**
 * One tokenised training sequence: token ids and, per position, whether predicting the next token counts in the
 * loss ({@code lossMask[i]} weights the prediction of {@code ids[i + 1]} from {@code ids[0..i]}).
 */
public record TrainingSequence(long[] ids, boolean[] lossMask) {
  public TrainingSequence {
    Check.notNull("ids", ids);
    Check.notNull("lossMask", lossMask);
    if (ids.length < 2 || lossMask.length != ids.length) {
      throw new IllegalArgumentException("a training sequence needs at least 2 ids and one mask flag per id, got "
          + ids.length + " ids and " + lossMask.length + " flags");
    }
  }
}
