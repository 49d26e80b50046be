package org.cegi.model.onnx;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cegi.internal.Check;
import org.cegi.model.CausalLm;
import org.cegi.model.Engine;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationStats;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.torchscript.TorchScriptCausalLm;
import org.cegi.model.torchscript.TorchScriptVariant;

/**
 * Measures generation speed and the Java-side time outside the engine's forward call (ONNX Runtime's session, or
 * the TorchScript module on DJL's PyTorch engine), on a model folder (by
 * default a random Qwen2-style model with hidden 512, 8 layers and Qwen's 151936-row vocabulary, written on first
 * use). Prints one line per round and the medians; asserts nothing.
 *
 * <p>Run from the repository root (after {@code mvn -q -B -pl lib package -DskipTests}):
 * <pre>{@code
 * java -Xmx6g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -DENGINE_CACHE_DIR=build/engine-cache \
 *   -cp "lib/target/classes:lib/target/dependency/*" org.cegi.model.onnx.GenerationBenchmark \
 *   [model-dir=build/bench-qwen2] [rounds=5] [batch=1] [prompt-tokens=32] [new-tokens=64] [warmup-s=15]
 * }</pre>
 */
public final class GenerationBenchmark {
  private GenerationBenchmark() {}

  /**
   * What one benchmark run does.
   *
   * @param dir the model folder (a {@code bench-qwen2} fixture is written there when it holds no model)
   * @param onnxFile the graph under {@code onnx/}, e.g. {@code model.onnx} or {@code model_q4.onnx}
   * @param rounds measured rounds; {@code > 0}
   * @param batch requests per round; {@code > 0}
   * @param promptTokens prompt length in tokens; {@code > 0}
   * @param newTokens tokens generated per request; {@code > 0}
   * @param warmupS seconds of warm-up before measuring (at least one run); {@code >= 0}
   * @param engine {@link Engine#ONNX_RUNTIME} ({@code onnxFile} under {@code onnx/}) or {@link Engine#PYTORCH}
   *     ({@code onnxFile} names the TorchScript file under {@code torchscript/}, e.g. {@code model.pt})
   * @param threads engine threads; 0: as many as the machine has cores
   */
  public record Settings(Path dir, String onnxFile, int rounds, int batch, int promptTokens, int newTokens,
      double warmupS, Engine engine, int threads) {
    /** Settings for ONNX Runtime on all cores. */
    public Settings(Path dir, String onnxFile, int rounds, int batch, int promptTokens, int newTokens,
        double warmupS) {
      this(dir, onnxFile, rounds, batch, promptTokens, newTokens, warmupS, Engine.ONNX_RUNTIME, 0);
    }

    public Settings {
      Check.notNull("engine", engine);
      Check.nonNegative("threads", threads);
      Check.notNull("dir", dir);
      Check.nonBlank("onnxFile", onnxFile);
      Check.positive("rounds", rounds);
      Check.positive("batch", batch);
      Check.positive("promptTokens", promptTokens);
      Check.positive("newTokens", newTokens);
      Check.nonNegative("warmupS", warmupS);
    }
  }

  /** Median figures of a run. */
  public record Figures(double decodeTokensPerS, double minTokensPerS, double maxTokensPerS, double ttftMs,
      double outsideEnginePercent) {}

  public static void main(String[] args) {
    run(new Settings(Path.of(arg(args, 0, "build/bench-qwen2")), "model.onnx",
        Integer.parseInt(arg(args, 1, "5")), Integer.parseInt(arg(args, 2, "1")),
        Integer.parseInt(arg(args, 3, "32")), Integer.parseInt(arg(args, 4, "64")),
        Double.parseDouble(arg(args, 5, "15"))), new PrintWriter(System.out, true));
  }

  /** Runs the benchmark, printing one line per round and the medians to {@code out}. */
  public static Figures run(Settings settings, PrintWriter out) {
    Path dir = settings.dir();
    int rounds = settings.rounds();
    int batch = settings.batch();
    int promptTokens = settings.promptTokens();
    int newTokens = settings.newTokens();
    double warmupS = settings.warmupS();
    boolean torch = settings.engine() == Engine.PYTORCH;
    String sub = torch ? "torchscript/" : "onnx/";
    if (!Files.isRegularFile(dir.resolve(sub + settings.onnxFile()))) {
      if (Files.exists(dir.resolve("onnx")) || Files.exists(dir.resolve("torchscript"))) {
        throw new IllegalArgumentException("Model folder " + dir + " has no " + sub + settings.onnxFile()
            + (torch ? "; name a TorchScript file that exists there with --pt-file, or write the fixture with both"
            + " routes into an empty folder (`cegi fixtures bench-qwen2 DIR --torchscript`)."
            : "; name a graph that exists there with --onnx-file."));
      }
      out.println("Writing bench-qwen2 (ONNX and TorchScript fp32, same weights) to " + dir + " …");
      TinyDecoder.named("bench-qwen2").torchScript(EnumSet.of(TorchScriptVariant.FP32)).writeTo(dir);
    }
    int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
    try (CausalLm lm = torch ? TorchScriptCausalLm.load(dir, settings.onnxFile(), threads)
        : OnnxCausalLm.load(dir, settings.onnxFile(), threads)) {
      int tokVocab = 256;
      SplittableRandom r = new SplittableRandom(5);
      List<long[]> prompts = new ArrayList<>();
      for (int b = 0; b < batch; b++) {
        long[] p = new long[promptTokens];
        for (int i = 0; i < p.length; i++) {
          p[i] = r.nextInt(tokVocab);
        }
        prompts.add(p);
      }
      // Greedy without EOS: fixed length. A random model may emit an EOS id; the first round shows it.
      GenerationOptions o = GenerationOptions.builder().maxNewTokens(newTokens).build();
      long until = System.nanoTime() + (long) (warmupS * 1e9);
      int w = 0;
      while (System.nanoTime() < until || w == 0) {
        lm.generateIds(prompts, o);
        w++;
      }
      out.printf(Locale.ROOT, "model %s %s on %s (hidden %d, %d layers, vocab %d), %d threads, batch %d, prompt %d,"
              + " new %d, warm-up %d runs%n", dir, sub + settings.onnxFile(), lm.engine(), lm.config().hiddenSize(), lm.config().layers(),
          lm.config().vocabSize(), threads, batch, promptTokens, newTokens, w);
      List<Double> tps = new ArrayList<>();
      List<Double> ttft = new ArrayList<>();
      List<Double> outside = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        long e0 = lm.engineNanos();
        List<GenerationResult> res = lm.generateIds(prompts, o);
        GenerationStats s = res.get(0).stats();
        int tokens = res.stream().mapToInt(x -> x.stats().outputTokens()).sum();
        double decodeS = res.stream().mapToDouble(x -> x.stats().decodeS()).max().orElse(0);
        double total = (tokens - batch) / decodeS;
        tps.add(total);
        ttft.add(s.timeToFirstTokenS() * 1e3);
        outside.add(100 * s.outsideEngineShare());
        out.printf(Locale.ROOT, "round %d: %d tokens, decode %.1f tok/s (batch total), TTFT %.1f ms,"
                + " engine %.3f s of %.3f s, outside engine %.2f %%%n", i + 1, tokens, total,
            s.timeToFirstTokenS() * 1e3, (lm.engineNanos() - e0) / 1e9, s.totalS(),
            100 * s.outsideEngineShare());
      }
      out.printf(Locale.ROOT, "median: decode %.1f tok/s (min %.1f, max %.1f), TTFT %.1f ms,"
              + " outside engine %.2f %% of the request%n", median(tps), Collections.min(tps),
          Collections.max(tps), median(ttft), median(outside));
      out.flush();
      return new Figures(median(tps), Collections.min(tps), Collections.max(tps), median(ttft), median(outside));
    }
  }

  private static String arg(String[] a, int i, String def) {
    return a.length > i ? a[i] : def;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
