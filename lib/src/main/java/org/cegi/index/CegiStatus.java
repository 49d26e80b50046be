package org.cegi.index;

/** Whether a CEGI value exists for a variant; rankings put every status but {@link #OK} last. */
public enum CegiStatus {
  /** The variant gained over its base: CEGI is a number. */
  OK,
  /** The gain is zero or negative: CEGI would be infinite or negative, so there is no value. */
  NO_GAIN,
  /** The gain cannot be computed (RELATIVE gain over a base metric of 0). */
  UNDEFINED_GAIN
}
