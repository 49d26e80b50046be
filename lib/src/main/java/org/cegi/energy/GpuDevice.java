package org.cegi.energy;

import org.cegi.internal.Check;

/**
 * A GPU as NVML reports it.
 *
 * @param index NVML index (PCI bus order)
 * @param name product name, for example {@code NVIDIA H100 80GB HBM3}
 * @param uuid {@code GPU-…} UUID
 * @param migEnabled whether MIG mode is on (the energy counter then covers every MIG instance of the GPU)
 * @param powerLimit enforced power limit ({@link Power#ZERO} when NVML does not report it)
 * @param energyCounter whether {@code nvmlDeviceGetTotalEnergyConsumption} works on it
 */
public record GpuDevice(
    int index, String name, String uuid, boolean migEnabled, Power powerLimit, boolean energyCounter) {
  public GpuDevice {
    Check.nonNegative("index", index);
    Check.nonBlank("name", name);
    Check.nonBlank("uuid", uuid);
    Check.notNull("powerLimit", powerLimit);
  }
}
