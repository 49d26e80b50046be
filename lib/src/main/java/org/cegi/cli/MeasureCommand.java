package org.cegi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.IntensityTable;
import org.cegi.carbon.tracker.CodeCarbonCsv;
import org.cegi.carbon.tracker.Eco2aiCsv;
import org.cegi.carbon.tracker.MeasurementEmissions;
import org.cegi.energy.Component;
import org.cegi.energy.CpuEstimateProbe;
import org.cegi.energy.CpuTdp;
import org.cegi.energy.EnergyProbe;
import org.cegi.energy.EnergyProbes;
import org.cegi.energy.ProcessStats;
import org.cegi.energy.RamProbe;
import org.cegi.energy.RaplProbe;
import org.cegi.energy.TdpMatch;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Measurement;
import org.cegi.measure.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cegi measure [--region FR] [--pue 1.2] [--interval 0.1] [--out emissions.csv] -- COMMAND ARGS…}: runs a
 * command, measures the GPU energy of the visible GPUs for its lifetime and the CPU and RAM of its whole process
 * tree, appends one row to a CodeCarbon-compatible (or Eco2AI-compatible) CSV, and exits with the command's exit
 * code. Bad options exit with 2 before anything runs; a command that cannot be started exits with 127; neither
 * writes a row.
 */
@Command(
    name = "measure",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command and measure its energy and emissions (GPU: NVML; CPU/RAM: its whole process tree).",
      "Writes one CSV row and exits with the command's exit code.",
      "Example: cegi measure --region FR --pue 1.2 -- python finetune.py --epochs 3"
    })
public final class MeasureCommand implements Callable<Integer> {
  /** Exit code when the command cannot be started (as in POSIX shells). */
  static final int COMMAND_NOT_FOUND = 127;

  /** File formats of the row written. */
  enum Format { codecarbon, eco2ai }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--region", paramLabel = "CODE",
      description = "Grid region (ISO country code such as FR) looked up in Eco2AI's intensity table.")
  String region;

  @Option(names = "--intensity", paramLabel = "G_PER_KWH",
      description = "Explicit grid intensity in g CO2e/kWh (overrides the table; region recorded as given or 'custom').")
  Double intensity;

  @Option(names = "--pue", defaultValue = "1.0", description = "Power usage effectiveness, >= 1 (default ${DEFAULT-VALUE}).")
  double pue;

  @Option(names = "--interval", defaultValue = "0.1", paramLabel = "SECONDS",
      description = "Sampling interval in s, > 0 and <= 1 (default ${DEFAULT-VALUE} = 10 Hz).")
  double interval;

  @Option(names = "--out", defaultValue = "emissions.csv", paramLabel = "FILE",
      description = "CSV file to append the row to (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--format", defaultValue = "codecarbon",
      description = "Row format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--project", defaultValue = "cegi", description = "Project name written in the row.")
  String project;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    CarbonIntensity ci = validate();
    List<String> reasons = new ArrayList<>();
    List<EnergyProbe> probes = new ArrayList<>();
    EnergyProbes.gpu(reasons).ifPresent(probes::add);
    // everything slow (NVML init, TDP tables) happens before the command starts, so that the window opens
    // within a millisecond of it
    Path cpuinfo = Path.of("/proc/cpuinfo");
    int cpus = CpuTdp.logicalCpus(cpuinfo);
    String model = CpuTdp.cpuModelName(cpuinfo).orElse("unknown CPU");
    TdpMatch tdp = CpuTdp.bundled().lookup(model, cpus);
    TdpMatch eco2aiTdp = CpuTdp.bundled().lookupEco2ai(model);
    boolean rapl = RaplProbe.available(RaplProbe.DEFAULT_ROOT);
    Process process;
    try {
      process = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      probes.forEach(EnergyProbe::close);
      err.println("cegi measure: cannot start \"" + command.get(0) + "\": " + e.getMessage()
          + ". Check the command name and PATH; nothing was written.");
      return COMMAND_NOT_FOUND;
    }
    ProcessStats tree = ProcessStats.childTree(process.pid(), Path.of("/proc"));
    probes.add(rapl
        ? RaplProbe.open(RaplProbe.DEFAULT_ROOT, System::nanoTime)
        : new CpuEstimateProbe(tree, tdp, cpus, System::nanoTime));
    probes.add(new RamProbe(tree, RamProbe.ECO2AI_W_PER_GB, System::nanoTime));
    EnergyMonitor.Builder b = EnergyMonitor.builder().closeProbes(true)
        .samplingInterval(Duration.ofNanos((long) (interval * 1e9)))
        .eco2aiCompatible(tree, eco2aiTdp, cpus);
    probes.forEach(b::probe);
    reasons.forEach(b::warning);
    int exit;
    Measurement m;
    try (EnergyMonitor monitor = b.start()) {
      Window w = monitor.begin(String.join(" ", command));
      exit = waitFor(process);
      m = w.end();
    }
    MeasurementEmissions me = MeasurementEmissions.of(m, pue, ci);
    if (format == Format.eco2ai) {
      Eco2aiCsv.append(out, me, project);
    } else {
      CodeCarbonCsv.append(out, me, project);
    }
    err.println(String.format(Locale.ROOT,
        "cegi measure: %.1f s, energy %s (GPU %s, CPU %s, RAM %s), %.4g g CO2e at %.1f g/kWh (%s, %s), PUE %s -> %s",
        m.durationS(), m.grossEnergy(), m.has(Component.GPU) ? m.gross(Component.GPU) : "not measured",
        m.gross(Component.CPU), m.gross(Component.RAM), me.emissions().grams(),
        ci.gramsPerKwh(), ci.region(), ci.source(), pue, out));
    for (String warning : me.emissions().warnings()) {
      err.println("cegi measure: warning: " + warning);
    }
    return exit;
  }

  private static int waitFor(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        // keep waiting: the command owns the terminal; its exit code is what we pass through
      }
    }
  }

  /** Checks every option before anything runs; returns the intensity to use. */
  CarbonIntensity validate() {
    if (!Double.isFinite(pue) || pue < 1) {
      throw new IllegalArgumentException("--pue must be >= 1 (1.0 = no facility overhead), got " + pue
          + ". Use your data centre's PUE, e.g. 1.2.");
    }
    if (!Double.isFinite(interval) || interval <= 0 || interval > 1) {
      throw new IllegalArgumentException("--interval must be > 0 and <= 1 s, got " + interval
          + ". Use 0.1 (10 Hz).");
    }
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("--project must not be blank.");
    }
    if (intensity != null) {
      if (!Double.isFinite(intensity) || intensity < 0) {
        throw new IllegalArgumentException("--intensity must be >= 0 g CO2e/kWh, got " + intensity + ".");
      }
      return CarbonIntensity.of(intensity, region == null || region.isBlank() ? "custom" : region, "--intensity");
    }
    if (region == null || region.isBlank()) {
      IntensityTable t = IntensityTable.eco2ai();
      CarbonIntensity w = t.world();
      return new CarbonIntensity(w.gramsPerKwh(), w.region(), w.source(), w.year(),
          List.of("No --region given: world-average intensity " + w.gramsPerKwh() + " g/kWh of " + t.name()
              + " used. Pass --region CODE or --intensity G_PER_KWH."));
    }
    return IntensityTable.eco2ai().lookup(region);
  }
}
