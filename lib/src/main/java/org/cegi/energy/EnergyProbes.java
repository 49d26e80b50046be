package org.cegi.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probes that fit this machine.
 *
 * <pre>{@code
 * EnergyProbe cpu = EnergyProbes.cpu(ProcessStats.self());   // RAPL where readable, else the estimate
 * Optional<NvmlProbe> gpu = EnergyProbes.gpu(reasons);        // empty without a driver; reasons says why
 * }</pre>
 */
public final class EnergyProbes {
  private EnergyProbes() {}

  /** RAPL when {@code /sys/class/powercap} is readable, else TDP × the CPU share of {@code stats}. */
  public static EnergyProbe cpu(ProcessStats stats) {
    if (RaplProbe.available(RaplProbe.DEFAULT_ROOT)) {
      return RaplProbe.open(RaplProbe.DEFAULT_ROOT, System::nanoTime);
    }
    return CpuEstimateProbe.forStats(stats);
  }

  /**
   * NVML for the visible GPUs, or empty when NVML cannot be used (no driver, driver not loaded, no permission,
   * GPU lost); the reason is appended to {@code reasons} so that a result can say why it has no GPU figure.
   */
  public static Optional<NvmlProbe> gpu(List<String> reasons) {
    try {
      return Optional.of(NvmlProbe.open());
    } catch (NvmlException e) {
      reasons.add("No GPU energy: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Every probe for this JVM: GPU if present, CPU, RAM at 0.375 W/GB. */
  public static List<EnergyProbe> forThisProcess(List<String> reasons) {
    List<EnergyProbe> out = new ArrayList<>();
    gpu(reasons).ifPresent(out::add);
    ProcessStats self = ProcessStats.self();
    out.add(cpu(self));
    out.add(new RamProbe(self, RamProbe.ECO2AI_W_PER_GB, System::nanoTime));
    return out;
  }
}
