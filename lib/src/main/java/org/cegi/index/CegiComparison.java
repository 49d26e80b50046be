package org.cegi.index;

import java.util.OptionalDouble;
import org.cegi.internal.Check;

/**
 * The outcome of {@link Cegi#compare}: which variant has the lower CEGI and by what factor.
 *
 * @param better the variant ranked first (lower CEGI, or the only one with a value)
 * @param worse the other variant
 * @param ratio worse CEGI / better CEGI (both with E in kg); empty when either has no value or better's is 0
 * @param summary one sentence saying what was found
 */
public record CegiComparison(CegiResult better, CegiResult worse, OptionalDouble ratio, String summary) {
  public CegiComparison {
    Check.notNull("better", better);
    Check.notNull("worse", worse);
    Check.notNull("ratio", ratio);
    Check.nonBlank("summary", summary);
  }

  @Override
  public String toString() {
    return summary;
  }
}
