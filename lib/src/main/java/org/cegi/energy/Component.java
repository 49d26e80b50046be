package org.cegi.energy;

import java.util.Locale;

/** The hardware component a probe measures. */
public enum Component {
  GPU,
  CPU,
  RAM;

  /** @return the lower-case label used in column names ({@code energy_gpu_j}) */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
