package org.cegi.measure;

import java.util.List;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.energy.Method;
import org.cegi.energy.Power;
import org.cegi.internal.Check;

/**
 * The energy of one component (one probe) in a window.
 *
 * @param component GPU, CPU or RAM
 * @param probe probe name ({@code nvml}, {@code rapl}, {@code cpu-tdp}, {@code ram-rss}, {@code fake}, …)
 * @param method how the gross figure was obtained
 * @param gross energy measured in the window
 * @param net gross minus idle power × duration, clamped at 0 (equal to gross without a baseline)
 * @param idlePower the idle baseline power subtracted ({@link Power#ZERO} without a baseline)
 * @param devices devices measured
 * @param warnings warnings that change the figures
 */
public record ComponentMeasurement(
    Component component, String probe, Method method, Energy gross, Energy net, Power idlePower,
    List<String> devices, List<String> warnings) {
  public ComponentMeasurement {
    Check.notNull("component", component);
    Check.nonBlank("probe", probe);
    Check.notNull("method", method);
    Check.notNull("gross", gross);
    Check.notNull("net", net);
    Check.notNull("idlePower", idlePower);
    if (net.joules() > gross.joules() + 1e-9) {
      throw new IllegalArgumentException("net energy " + net + " exceeds gross energy " + gross
          + " for " + component.label() + ": net = gross - idle, never more.");
    }
    devices = List.copyOf(Check.noNulls("devices", devices));
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }
}
