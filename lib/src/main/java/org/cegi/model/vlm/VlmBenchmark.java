package org.cegi.model.vlm;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationStats;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.text.ChatMessage;

/**
 * Measures Qwen2-VL image preprocessing (PNG decoding, then smart resize, normalization and patching with the real
 * model's default pixel bounds) per image for 256×256 and 640×480 inputs, and, on the tiny random Qwen2-VL fixture
 * written with the same pixel bounds, how a request's time splits between the engine's session calls (vision
 * encoder, embeddings, decoder) and everything else (image preprocessing, prompt building, sampling). Prints medians;
 * asserts nothing.
 *
 * <p>Run from the repository root (after {@code mvn -q -B -pl lib package -DskipTests dependency:copy-dependencies}):
 * <pre>{@code
 * java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -DENGINE_CACHE_DIR=build/engine-cache \
 *   -cp "lib/target/classes:lib/target/dependency/*" org.cegi.model.vlm.VlmBenchmark \
 *   [model-dir=build/bench-qwen2-vl] [rounds=20] [new-tokens=16]
 * }</pre>
 */
public final class VlmBenchmark {
  private VlmBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "build/bench-qwen2-vl");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Qwen2VlImageProcessor processor = Qwen2VlImageProcessor.defaults();
    Path imgDir = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-images"));
    List<Path> files = new ArrayList<>();
    for (int[] wh : new int[][] {{256, 256}, {640, 480}}) {
      Path f = imgDir.resolve(wh[0] + "x" + wh[1] + ".png");
      ImageIO.write(photoLike(wh[0], wh[1]), "png", f.toFile());
      files.add(f);
    }
    System.out.println("Image preprocessing (Qwen2-VL defaults: 3136..12845056 pixels, patch 14, merge 2), "
        + rounds + " rounds after warm-up, median ms per image:");
    for (Path f : files) {
      for (int i = 0; i < 5; i++) {
        processor.preprocess(VlmImage.fromFile(f));
      }
      double[] load = new double[rounds];
      double[] prep = new double[rounds];
      PixelPatches p = null;
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        VlmImage img = VlmImage.fromFile(f);
        long t1 = System.nanoTime();
        p = processor.preprocess(img);
        long t2 = System.nanoTime();
        load[i] = (t1 - t0) / 1e6;
        prep[i] = (t2 - t1) / 1e6;
      }
      System.out.printf(Locale.ROOT, "  %-12s -> %dx%d, %d patches, %d image tokens | PNG decode %.2f ms |"
              + " resize+normalize+patch %.2f ms | total %.2f ms%n", f.getFileName(), p.resizedWidth(),
          p.resizedHeight(), p.rows(), p.mergedTokens(), median(load), median(prep),
          median(load) + median(prep));
    }
    if (!Files.isRegularFile(dir.resolve("onnx/decoder_model_merged.onnx"))) {
      TinyQwen2Vl.create().maxPixels(processor.maxPixels()).writeTo(dir);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.println("Requests on the tiny Qwen2-VL fixture (" + dir + ", " + threads + " threads, greedy, "
        + newTokens + " new tokens), medians:");
    try (OnnxVisionLm vlm = OnnxVisionLm.load(dir, "", threads)) {
      GenerationOptions o = GenerationOptions.builder().maxNewTokens(newTokens).build();
      for (Path f : files) {
        List<ChatMessage> chat = List.of(ChatMessage.user("Describe the image in one sentence."));
        for (int i = 0; i < 3; i++) {
          vlm.chat(chat, VlmImage.fromFile(f), o);
        }
        double[] total = new double[rounds];
        double[] engine = new double[rounds];
        double[] prep = new double[rounds];
        double[] ttft = new double[rounds];
        GenerationStats s = null;
        for (int i = 0; i < rounds; i++) {
          long before = vlm.preprocessNanos();
          long t0 = System.nanoTime();
          VlmImage img = VlmImage.fromFile(f);
          long loadNs = System.nanoTime() - t0;
          GenerationResult r = vlm.chat(chat, img, o);
          s = r.stats();
          total[i] = s.totalS() * 1e3 + loadNs / 1e6;
          engine[i] = s.engineS() * 1e3;
          prep[i] = (vlm.preprocessNanos() - before + loadNs) / 1e6;
          ttft[i] = s.timeToFirstTokenS() * 1e3 + loadNs / 1e6;
        }
        double t = median(total);
        double e = median(engine);
        System.out.printf(Locale.ROOT, "  %-12s prompt %d tokens, output %d | total %.2f ms | engine %.2f ms |"
                + " outside engine %.2f ms (%.1f %%), of which image load+preprocessing %.2f ms | TTFT %.2f ms%n",
            f.getFileName(), s.promptTokens(), s.outputTokens(), t, e, t - e, 100 * (t - e) / t, median(prep),
            median(ttft));
      }
    }
  }

  /** A smooth colour field with some edges, so that PNG decoding and resampling see realistic content. */
  static BufferedImage photoLike(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (int) (128 + 100 * Math.sin(x / 17.0) * Math.cos(y / 23.0));
        int g = (x * 255 / w + ((x / 40 + y / 40) % 2) * 30) & 0xff;
        int b = (y * 255 / h) ^ ((x * 7) & 0x1f);
        img.setRGB(x, y, (r & 0xff) << 16 | g << 8 | (b & 0xff));
      }
    }
    return img;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
