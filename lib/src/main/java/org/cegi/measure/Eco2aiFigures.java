package org.cegi.measure;

import java.util.List;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;

/**
 * The same window accounted the way Eco2AI (up to 0.3.12) does: GPU = one power reading of every GPU NVML sees
 * every 10 s × the time since the previous reading; CPU = TDP (Eco2AI's table, else 100.1 W) × the process's CPU
 * share; RAM = 0.375 W per GB resident × time. No idle baseline. Emissions then use Eco2AI's intensity table
 * with its 436.529 g/kWh fallback (see {@code org.cegi.carbon.tracker}).
 *
 * @param gpu GPU energy
 * @param cpu CPU energy
 * @param ram RAM energy
 * @param readings number of 10 s readings (including the final one at the window's end)
 * @param warnings how these figures differ from a measurement
 */
public record Eco2aiFigures(Energy gpu, Energy cpu, Energy ram, int readings, List<String> warnings) {
  public Eco2aiFigures {
    Check.notNull("gpu", gpu);
    Check.notNull("cpu", cpu);
    Check.notNull("ram", ram);
    Check.nonNegative("readings", readings);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** @return GPU + CPU + RAM */
  public Energy total() {
    return gpu.plus(cpu).plus(ram);
  }
}
