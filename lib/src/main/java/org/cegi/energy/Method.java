package org.cegi.energy;

import java.util.Locale;

/**
 * How a measured energy figure was obtained; written as the {@code method} column of every result.
 *
 * <p>{@link #INSTANTANEOUS} is the one value beyond the project's base list: a window shorter than a counter's
 * update period is approximated as one power reading × duration, and says so.
 */
public enum Method {
  /** Difference of a hardware energy counter (NVML total-energy consumption). */
  COUNTER,
  /** Power readings integrated over time by a sampling thread (trapezoid rule). */
  SAMPLED,
  /** Difference of a RAPL powercap counter. */
  RAPL,
  /** A model, not a measurement (TDP × CPU share, W per GB of RAM). */
  ESTIMATED,
  /** A scripted fake probe (tests, demos): not a measurement at all. */
  FAKE,
  /** Replayed from a recorded file. */
  REPLAY,
  /** One instantaneous power reading × duration, for windows shorter than a counter's update period. */
  INSTANTANEOUS;

  /** @return the lower-case label used in files ({@code counter}, {@code sampled}, …) */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label written by {@link #label()} (case-insensitive). */
  public static Method ofLabel(String label) {
    for (Method m : values()) {
      if (m.label().equalsIgnoreCase(label.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Unknown energy method \"" + label + "\": expected one of counter, sampled, rapl, estimated, fake, replay, instantaneous.");
  }
}
