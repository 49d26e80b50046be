package org.cegi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.IntensityTable;
import org.cegi.lab.LabStep;
import org.cegi.lab.VisionLab;
import org.cegi.lab.VisionLabConfig;
import org.cegi.lab.VisionLabReport;
import org.cegi.measure.EnergyMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cegi lab vision train|quantize|list}: the vision half of the lab (captioning and VQA on shape scenes). */
@Command(
    name = "vision",
    mixinStandardHelpOptions = true,
    description = "Train, quantize and list the vision lab's small vision-language models (captioning and VQA on"
        + " synthetic shape scenes, DJL PyTorch on the CPU).",
    subcommands = {LabVisionCommand.Train.class, LabVisionCommand.Quantize.class, LabVisionCommand.ListRuns.class})
public final class LabVisionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every vision-lab subcommand shares. */
  static class Common {
    @Option(names = "--dir", defaultValue = "build/lab", description = "lab folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--reduced", description = "the reduced configuration the tests train")
    boolean reduced;

    @Option(names = "--region", defaultValue = "world",
        description = "grid region for the emissions (Eco2AI table; default: ${DEFAULT-VALUE})")
    String region;

    VisionLabConfig config() {
      return reduced ? VisionLabConfig.reduced() : VisionLabConfig.defaults();
    }

    CarbonIntensity intensity() {
      return IntensityTable.eco2ai().lookupOrWorld(region);
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train the base and the captioning and VQA LoRA models (reused unless --retrain or the config"
          + " changed), score every variant on held-out scenes and write a run plan beside the report.")
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(names = "--retrain", description = "train even if a finished run exists")
    boolean retrain;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
        VisionLabReport r = VisionLab.open(common.dir).train(common.config(), monitor, common.intensity(), retrain,
            s -> {
              out.println(s);
              out.flush();
            });
        out.print(r.table());
        out.println("CEGI captioning " + r.cegi("captioning"));
        out.println("CEGI vqa " + r.cegi("vqa"));
        out.println("Run plan: " + r.planFile() + " (cegi run " + r.planFile() + ")");
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "quantize", mixinStandardHelpOptions = true,
      description = "Rewrite the fp16, int8 and q4 variants of a trained vision run in a measured window.")
  static final class Quantize implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() {
      try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
        LabStep s = VisionLab.open(common.dir).quantize(common.config(), monitor, common.intensity());
        spec.commandLine().getOut().printf("%s: %.2f s, %.1f J, %.5f g CO2e%n", s.name(), s.durationS(),
            s.energyJ(), s.co2eG());
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the finished vision lab runs and variants.")
  static final class ListRuns implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<VisionLabReport> runs = VisionLab.open(common.dir).runs();
      if (runs.isEmpty()) {
        out.println("No vision lab runs in " + common.dir.toAbsolutePath() + ": train one with `cegi lab vision"
            + " train`.");
        return 0;
      }
      runs.forEach(r -> out.print(r.table()));
      out.flush();
      return 0;
    }
  }
}
