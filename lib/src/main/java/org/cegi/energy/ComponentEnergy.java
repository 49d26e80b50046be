package org.cegi.energy;

import java.util.List;
import org.cegi.internal.Check;

/**
 * The energy one probe attributes to an interval, with how it was obtained.
 *
 * @param component GPU, CPU or RAM
 * @param probe the probe's name ({@code nvml}, {@code rapl}, {@code cpu-tdp}, {@code ram-rss}, {@code fake}, …)
 * @param method how the figure was obtained
 * @param energy the energy of the interval
 * @param devices names of the devices measured (GPU names, CPU model); may be empty
 * @param warnings warnings that change the number; never silently dropped
 */
public record ComponentEnergy(
    Component component, String probe, Method method, Energy energy, List<String> devices, List<String> warnings) {
  public ComponentEnergy {
    Check.notNull("component", component);
    Check.nonBlank("probe", probe);
    Check.notNull("method", method);
    Check.notNull("energy", energy);
    devices = List.copyOf(Check.noNulls("devices", devices));
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }
}
