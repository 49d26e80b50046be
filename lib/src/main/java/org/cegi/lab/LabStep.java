package org.cegi.lab;

import org.cegi.internal.Check;

/**
 * One measured step of the lab (a training or quantization window).
 *
 * @param name window name: {@code lab/base-train}, {@code lab/sql-lora}, {@code lab/quantize}
 * @param durationS wall time in seconds
 * @param energyJ gross energy of the window in joules (all measured components)
 * @param co2eG emissions in grams CO2e (energy × PUE × intensity)
 * @param method how the CPU energy was obtained ({@code rapl}, {@code estimated}, …)
 * @param finalLoss mean training loss (nats per token) over the last 10 % of steps; 0 for quantization
 */
public record LabStep(String name, double durationS, double energyJ, double co2eG, String method, double finalLoss) {
  public LabStep {
    Check.nonBlank("name", name);
    Check.nonNegative("duration_s", durationS);
    Check.nonNegative("energy_j", energyJ);
    Check.nonNegative("co2e_g", co2eG);
    Check.notNull("method", method);
  }
}
