package org.cegi.energy;

import java.util.List;
import org.cegi.internal.Check;

/**
 * One reading of a probe: its cumulative energy since the probe was opened and its current power, at a time of
 * the probe's clock. Windows subtract two readings ({@link EnergyProbe#between}).
 *
 * @param timeNanos the probe clock's time in ns ({@link System#nanoTime()} unless a test injects a clock)
 * @param energy energy since the probe was opened (monotonic; counter resets and wraps already handled)
 * @param power current power of the devices this process uses (the last known value)
 * @param powerAllDevices current power of every device of this kind on the host (what Eco2AI sums)
 * @param warnings events since the probe was opened (counter reset, GPU lost), in order; a window reports the
 *     ones its end reading holds and its start reading does not
 */
public record ProbeReading(
    long timeNanos, Energy energy, Power power, Power powerAllDevices, List<String> warnings) {
  public ProbeReading {
    Check.notNull("energy", energy);
    Check.notNull("power", power);
    Check.notNull("powerAllDevices", powerAllDevices);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** A reading without warnings whose all-devices power equals the power. */
  public static ProbeReading of(long timeNanos, Energy energy, Power power) {
    return new ProbeReading(timeNanos, energy, power, power, List.of());
  }
}
