package org.cegi.model.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationStats;
import org.cegi.model.fixtures.TinyDecoder;

/**
 * Measures generation speed and the Java-side time outside ONNX Runtime's session call, on a model folder (by
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

  public static void main(String[] args) {
    Path dir = Path.of(arg(args, 0, "build/bench-qwen2"));
    int rounds = Integer.parseInt(arg(args, 1, "5"));
    int batch = Integer.parseInt(arg(args, 2, "1"));
    int promptTokens = Integer.parseInt(arg(args, 3, "32"));
    int newTokens = Integer.parseInt(arg(args, 4, "64"));
    double warmupS = Double.parseDouble(arg(args, 5, "15"));
    if (!Files.isRegularFile(dir.resolve("onnx/model.onnx"))) {
      System.out.println("Writing bench-qwen2 to " + dir + " …");
      TinyDecoder.named("bench-qwen2").writeTo(dir);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    try (OnnxCausalLm lm = OnnxCausalLm.load(dir, "model.onnx", threads)) {
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
      System.out.printf(Locale.ROOT, "model %s (hidden %d, %d layers, vocab %d), %d threads, batch %d, prompt %d,"
              + " new %d, warm-up %d runs%n", dir, lm.config().hiddenSize(), lm.config().layers(),
          lm.config().vocabSize(), threads, batch, promptTokens, newTokens, w);
      List<Double> tps = new ArrayList<>();
      List<Double> ttft = new ArrayList<>();
      List<Double> outside = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        long e0 = lm.decoder().engineNanos();
        List<GenerationResult> res = lm.generateIds(prompts, o);
        GenerationStats s = res.get(0).stats();
        int tokens = res.stream().mapToInt(x -> x.stats().outputTokens()).sum();
        double decodeS = res.stream().mapToDouble(x -> x.stats().decodeS()).max().orElse(0);
        double total = (tokens - batch) / decodeS;
        tps.add(total);
        ttft.add(s.timeToFirstTokenS() * 1e3);
        outside.add(100 * s.outsideEngineShare());
        System.out.printf(Locale.ROOT, "round %d: %d tokens, decode %.1f tok/s (batch total), TTFT %.1f ms,"
                + " engine %.3f s of %.3f s, outside engine %.2f %%%n", i + 1, tokens, total,
            s.timeToFirstTokenS() * 1e3, (lm.decoder().engineNanos() - e0) / 1e9, s.totalS(),
            100 * s.outsideEngineShare());
      }
      System.out.printf(Locale.ROOT, "median: decode %.1f tok/s (min %.1f, max %.1f), TTFT %.1f ms,"
              + " outside engine %.2f %% of the request%n", median(tps), Collections.min(tps),
          Collections.max(tps), median(ttft), median(outside));
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
