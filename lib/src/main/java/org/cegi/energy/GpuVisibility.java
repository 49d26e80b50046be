package org.cegi.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cegi.internal.Check;

/**
 * Parses {@code CUDA_VISIBLE_DEVICES} the way the CUDA runtime reads it: a comma-separated list of indices or
 * UUIDs (full or a unique prefix, {@code GPU-…} or {@code MIG-…}); parsing stops at the first invalid entry.
 * Unset means every GPU; set but empty means none.
 *
 * <p>Limit: CUDA numbers devices fastest-first unless {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, while NVML numbers
 * them in PCI order. With several GPUs and indices, cegi assumes PCI order and warns; UUIDs are unambiguous.
 *
 * @param entries the entries, trimmed, in order; empty = no GPU
 * @param all whether the variable was unset (every GPU visible)
 */
public record GpuVisibility(List<String> entries, boolean all) {
  public GpuVisibility {
    entries = List.copyOf(Check.noNulls("entries", entries));
  }

  /** Every GPU (variable unset). */
  public static GpuVisibility allDevices() {
    return new GpuVisibility(List.of(), true);
  }

  /** From this process's environment. */
  public static GpuVisibility fromEnvironment() {
    return parse(Optional.ofNullable(System.getenv("CUDA_VISIBLE_DEVICES")));
  }

  /** From a variable's value; {@code Optional.empty()} = unset. */
  public static GpuVisibility parse(Optional<String> value) {
    if (value.isEmpty()) {
      return allDevices();
    }
    List<String> out = new ArrayList<>();
    for (String s : value.get().split(",", -1)) {
      String t = s.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return new GpuVisibility(out, false);
  }

  /** @return whether an entry is a plain index */
  static boolean isIndex(String entry) {
    return entry.matches("-?\\d+");
  }
}
