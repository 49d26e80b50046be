package org.cegi.cli;

import java.nio.file.Path;
import org.cegi.model.Engine;
import java.util.concurrent.Callable;
import org.cegi.model.onnx.GenerationBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cegi bench generate}: decode tokens/s, time to first token and the share of a request spent outside the
 * ONNX session call, on a model folder (by default a random 100 M-parameter Qwen2-shaped model written on first use).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. Figures only: nothing is asserted.",
    subcommands = {BenchCommand.Generate.class})
public final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Measure generation speed and the Java-side overhead outside the engine's session call.")
  static final class Generate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "build/bench-qwen2",
        description = "model folder; a bench-qwen2 fixture is written there if it is empty (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--onnx-file", defaultValue = "model.onnx", description = "graph below onnx/ (default: ${DEFAULT-VALUE})")
    String onnxFile;

    @Option(names = "--engine", defaultValue = "onnx", description = "onnx (ONNX Runtime, --onnx-file) or pytorch"
        + " (TorchScript on DJL's PyTorch engine, --pt-file) (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--pt-file", defaultValue = "model.pt", description = "TorchScript file below torchscript/"
        + " (default: ${DEFAULT-VALUE})")
    String ptFile;

    @Option(names = "--threads", defaultValue = "0", description = "engine threads; 0: all cores (default)")
    int threads;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--batch", defaultValue = "1", description = "requests per round (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--prompt-tokens", defaultValue = "32", description = "prompt length (default: ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "64", description = "tokens per request (default: ${DEFAULT-VALUE})")
    int newTokens;

    @Option(names = "--warmup", defaultValue = "15", description = "warm-up seconds (default: ${DEFAULT-VALUE})")
    double warmupS;

    @Override
    public Integer call() {
      Engine e = GenerateCommand.engine(engine);
      GenerationBenchmark.run(new GenerationBenchmark.Settings(model, e == Engine.PYTORCH ? ptFile : onnxFile,
          rounds, batch, promptTokens, newTokens, warmupS, e, threads), spec.commandLine().getOut());
      return 0;
    }
  }
}
