package org.cegi.index;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.cegi.internal.Check;

/**
 * Where two variants' lifecycle CEGI curves cross ({@link Lifecycle#breakEven}).
 *
 * @param a the first variant
 * @param b the second variant
 * @param requests the number of requests at which both have the same CEGI (a real number); empty when the
 *     curves do not cross at {@code N >= 0}, and {@link #explanation()} says why
 * @param explanation one sentence: where they cross and which is lower on each side, or why they do not
 */
public record BreakEven(Lifecycle a, Lifecycle b, OptionalDouble requests, String explanation) {
  public BreakEven {
    Check.notNull("a", a);
    Check.notNull("b", b);
    Check.notNull("requests", requests);
    Check.nonBlank("explanation", explanation);
  }

  /** @return true when the curves cross at some {@code N >= 0} */
  public boolean exists() {
    return requests.isPresent();
  }

  /** @return the first whole number of requests at or beyond the crossing point; empty when none */
  public OptionalLong firstWholeRequests() {
    return requests.isPresent() ? OptionalLong.of((long) Math.ceil(requests.getAsDouble())) : OptionalLong.empty();
  }

  @Override
  public String toString() {
    return explanation;
  }
}
