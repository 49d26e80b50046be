package org.cegi.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cegi.bench.OnnxRuntimes;
import org.cegi.bench.OnnxTextRuntime;
import org.cegi.bench.Run;
import org.cegi.bench.RunPlan;
import org.cegi.bench.RunResult;
import org.cegi.bench.Shard;
import org.cegi.model.onnx.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cegi run --plan PLAN [--shard I/N] [--out DIR]}: runs a plan (or one shard of it), resumably. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a plan's variants on its tasks, measuring every batch; resumes where a previous run stopped.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--plan", required = true, description = "the YAML run plan, e.g. data/plans/smoke.yaml")
  Path plan;

  @Option(names = "--shard", description = "run slice I of N (0-based), e.g. 0/4; default: SLURM_ARRAY_TASK_ID /"
      + " SLURM_ARRAY_TASK_COUNT when set, else the whole plan")
  String shard;

  @Option(names = "--out", description = "output folder (default: the plan's output)")
  Path out;

  @Option(names = "--fixtures", description = "where fixture models are written (default: the project's"
      + " build/fixtures)")
  Path fixtures;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu (default) or cuda: ONNX Runtime's CUDA provider"
      + " (build with -Pgpu; needs an NVIDIA driver, CUDA 12 and cuDNN 9); fails saying what is missing")
  Device device;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    java.io.PrintWriter pw = spec.commandLine().getOut();
    RunPlan p = RunPlan.load(plan);
    Shard s = shard != null ? Shard.parse(shard) : Shard.fromEnvironment(System.getenv());
    Run.Builder b = Run.builder(p).shard(s).runtime(OnnxRuntimes.of(fixtures != null ? fixtures : OnnxTextRuntime.defaultFixturesDir(), device));
    if (out != null) {
      b.output(out);
    }
    RunResult r = b.build().execute();
    pw.println("summary (" + r.summaryFile() + "):");
    for (var row : r.summary()) {
      pw.printf(java.util.Locale.ROOT, "  %-14s %-14s %s=%.4f [%.4f, %.4f]  %.3g J/request  %.3g g CO2e"
          + "/request  %d requests, %d errors  (%s)%n", row.variant(), row.task(), row.qualityMetric(),
          row.quality().value(), row.quality().low(), row.quality().high(), row.joulesPerRequest().value(),
          row.co2eGramsPerRequest().value(), row.requests(), row.errors(), row.methods());
    }
    pw.flush();
    return 0;
  }
}
