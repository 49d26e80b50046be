package org.cegi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.IntensityTable;
import org.cegi.measure.EnergyMonitor;
import org.cegi.lab.Lab;
import org.cegi.lab.LabConfig;
import org.cegi.lab.LabReport;
import org.cegi.lab.LabStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cegi lab train|quantize|list}: the embedded Green-AI lab (org.cegi.model.lab). */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Train, quantize and list the lab's small models (text-to-SQL and summarization LoRA fine-tunes of"
        + " one base; captioning and VQA fine-tunes of a small VLM under `lab vision`; DJL PyTorch on the CPU).",
    subcommands = {LabCommand.Train.class, LabCommand.Quantize.class, LabCommand.ListRuns.class,
        LabVisionCommand.class})
public final class LabCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every lab subcommand shares. */
  static class Common {
    @Option(names = "--dir", defaultValue = "build/lab", description = "lab folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--reduced", description = "the reduced configuration the tests train")
    boolean reduced;

    @Option(names = "--region", defaultValue = "world",
        description = "grid region for the emissions (Eco2AI table; default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--threads", defaultValue = "0",
        description = "PyTorch and ONNX Runtime intra-op threads (default: the configuration's, 2)")
    int threads;

    LabConfig config() {
      LabConfig c = reduced ? LabConfig.reduced() : LabConfig.defaults();
      if (threads < 0) {
        throw new IllegalArgumentException("--threads must be >= 0 (0: the configuration's), got " + threads);
      }
      return threads > 0 ? c.withThreads(threads) : c;
    }

    CarbonIntensity intensity() {
      return IntensityTable.eco2ai().lookupOrWorld(region);
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train the base and one LoRA fine-tune per task, write the 16/8/4-bit variants, the held-out files"
          + " and plan.yaml, score every variant (reused unless --retrain or the config changed).")
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(names = "--retrain", description = "train even if a finished run exists")
    boolean retrain;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
        LabReport r = Lab.open(common.dir).train(common.config(), monitor, common.intensity(), retrain, s -> {
          out.println(s);
          out.flush();
        });
        out.print(r.table());
        r.cegis().forEach(c -> out.println("CEGI " + c));
      }
      return 0;
    }
  }

  @Command(name = "quantize", mixinStandardHelpOptions = true,
      description = "Rewrite the fp16, int8 and q4 variants of a trained run in a measured window.")
  static final class Quantize implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() {
      try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
        LabStep s = Lab.open(common.dir).quantize(common.config(), monitor, common.intensity());
        spec.commandLine().getOut().printf("%s: %.2f s, %.1f J, %.5f g CO2e%n", s.name(), s.durationS(),
            s.energyJ(), s.co2eG());
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the finished lab runs and variants.")
  static final class ListRuns implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<LabReport> runs = Lab.open(common.dir).runs();
      if (runs.isEmpty()) {
        out.println("No lab runs in " + common.dir.toAbsolutePath() + ": train one with `cegi lab train`.");
        return 0;
      }
      runs.forEach(r -> out.print(r.table()));
      return 0;
    }
  }
}
