package org.cegi.eval.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.cegi.eval.Bleu;
import org.cegi.eval.CaptionImage;
import org.cegi.eval.CocoCaptionEval;
import org.cegi.eval.Rouge;
import org.cegi.eval.RougeType;

/**
 * Throughput of the metrics on synthetic text (fixed seed): corpus BLEU and ROUGE-L over 10,000 sentence pairs of
 * 20–40 words, CIDEr-D (with BLEU-1..4 and ROUGE-L, the full pre-tokenized COCO flow) over 5,000 images × 5
 * references. Prints the median and best of 10 timed runs after 5 warm-up runs. Run on one core:
 *
 * <pre>
 * mvn -q -B -pl lib test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * taskset -c 0 java -XX:ActiveProcessorCount=1 -cp lib/target/classes:lib/target/test-classes:$(cat lib/target/cp.txt) \
 *     org.cegi.eval.bench.MetricsBenchmark
 * </pre>
 */
public final class MetricsBenchmark {
  private MetricsBenchmark() {}

  private static final int WARMUP = 5;
  private static final int RUNS = 10;

  public static void main(String[] args) {
    Random rnd = new Random(20241121L);
    String[] vocab = vocabulary(rnd, 3000);
    List<String> hyps = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String[] ref = sentence(rnd, vocab, 20 + rnd.nextInt(21));
      refs.add(String.join(" ", ref) + ".");
      hyps.add(String.join(" ", perturb(rnd, vocab, ref)) + ".");
    }
    List<List<String>> refLists = refs.stream().map(List::of).toList();

    List<CaptionImage> images = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String[] base = sentence(rnd, vocab, 8 + rnd.nextInt(8));
      List<String> r = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        r.add(String.join(" ", perturb(rnd, vocab, base)));
      }
      images.add(new CaptionImage(Integer.toString(i), String.join(" ", perturb(rnd, vocab, base)), r));
    }

    System.out.printf("java %s, %d available processor(s)%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    time("corpus BLEU (13a), 10,000 pairs of 20-40 words", () -> Bleu.corpus(hyps, refLists).score());
    time("ROUGE-L mean (no stemmer), 10,000 pairs", () -> Rouge.of(false, RougeType.ROUGE_L).mean(refs, hyps)
        .get(RougeType.ROUGE_L).fmeasure());
    time("ROUGE-1/2/L/Lsum mean (Porter stemmer), 10,000 pairs", () -> Rouge.withStemmer(true).mean(refs, hyps)
        .get(RougeType.ROUGE_L).fmeasure());
    time("BLEU + ROUGE-L together, 10,000 pairs", () -> Bleu.corpus(hyps, refLists).score()
        + Rouge.of(false, RougeType.ROUGE_L).mean(refs, hyps).get(RougeType.ROUGE_L).fmeasure());
    time("CIDEr-D, 5,000 images x 5 references", () -> new org.cegi.eval.CiderD().score(images).corpus()
        .get("CIDEr"));
    time("COCO flow (BLEU-1..4, ROUGE-L, CIDEr-D), 5,000 images x 5 refs",
        () -> CocoCaptionEval.standard().evaluatePretokenized(images).scores().get("CIDEr"));
  }

  private static void time(String name, Supplier<Double> task) {
    double result = 0;
    for (int i = 0; i < WARMUP; i++) {
      result = task.get();
    }
    double[] seconds = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      result = task.get();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    System.out.printf("%-66s median %.3f s  best %.3f s  (value %.4f)%n", name, seconds[RUNS / 2], seconds[0],
        result);
  }

  private static String[] vocabulary(Random rnd, int size) {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    String[] v = new String[size];
    for (int i = 0; i < size; i++) {
      StringBuilder b = new StringBuilder();
      int len = 2 + rnd.nextInt(8);
      for (int k = 0; k < len; k++) {
        b.append(letters.charAt(rnd.nextInt(letters.length())));
      }
      v[i] = i % 7 == 0 ? capitalize(b.toString()) : b.toString();
    }
    return v;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Zipf-like word choice so that frequent words repeat, as in real text. */
  private static String[] sentence(Random rnd, String[] vocab, int words) {
    String[] s = new String[words];
    for (int i = 0; i < words; i++) {
      double u = rnd.nextDouble();
      s[i] = vocab[(int) (Math.pow(u, 3) * vocab.length)];
      if (i > 0 && rnd.nextInt(12) == 0) {
        s[i] = s[i] + ",";
      }
    }
    return s;
  }

  /** About 30 % of the words replaced, a few dropped or inserted. */
  private static String[] perturb(Random rnd, String[] vocab, String[] ref) {
    List<String> out = new ArrayList<>();
    for (String w : ref) {
      int r = rnd.nextInt(100);
      if (r < 25) {
        out.add(vocab[rnd.nextInt(vocab.length)]);
      } else if (r < 30) {
        continue;
      } else {
        out.add(w);
      }
      if (rnd.nextInt(100) < 5) {
        out.add(vocab[rnd.nextInt(vocab.length)]);
      }
    }
    return out.toArray(new String[0]);
  }

}
