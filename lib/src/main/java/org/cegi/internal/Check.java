package org.cegi.internal;

import java.util.Collection;

/**
 * Argument checks shared by the value records of every package. Each failure is an
 * {@link IllegalArgumentException} whose message names the parameter and the offending value, so that a
 * caller can see at once what to fix.
 */
public final class Check {
  private Check() {}

  /** Fails unless {@code value} is a finite number (not NaN, not infinite). */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + value);
    }
    return value;
  }

  /** Fails unless {@code value} is finite and {@code >= 0}. */
  public static double nonNegative(String name, double value) {
    finite(name, value);
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** Fails unless {@code value} is finite and {@code > 0}. */
  public static double positive(String name, double value) {
    finite(name, value);
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /** Fails unless {@code value > 0}. */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /** Fails unless {@code value >= 0}. */
  public static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** Fails unless {@code min <= value <= max} and the value is finite. */
  public static double inRange(String name, double value, double min, double max) {
    finite(name, value);
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be within [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** Fails when {@code value} is null, empty or only whitespace. */
  public static String nonBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, got " + quote(value));
    }
    return value;
  }

  /** Fails when {@code value} is null. */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /** Fails when the collection is null or holds a null element (the index is named). */
  public static <T extends Collection<?>> T noNulls(String name, T values) {
    notNull(name, values);
    int i = 0;
    for (Object v : values) {
      if (v == null) {
        throw new IllegalArgumentException(name + "[" + i + "] must not be null");
      }
      i++;
    }
    return values;
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

}
