package org.cegi.model.vlm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cegi.internal.Check;
import org.cegi.model.ModelConfig;

/**
 * Qwen2-VL's image processor ({@code Qwen2VLImageProcessor} in {@code preprocessor_config.json}): resizes so that both
 * sides are multiples of {@code patchSize * mergeSize} (28) and the area lies within {@code [minPixels, maxPixels]}
 * ("smart resize", PIL-style bicubic), rescales by {@code rescaleFactor} (1/255), normalizes with the config's
 * per-channel mean and standard deviation, repeats a still image {@code temporalPatchSize} (2) times along time and
 * cuts it into patches in spatial-merge order.
 *
 * <pre>{@code
 * Qwen2VlImageProcessor p = Qwen2VlImageProcessor.fromFolder(Path.of("models/qwen2-vl-2b"));
 * PixelPatches x = p.preprocess(VlmImage.fromFile(Path.of("cat.jpg")));
 * x.rows();          // patches fed as pixel_values [rows, 1176]
 * x.mergedTokens();  // <|image_pad|> tokens in the prompt
 * }</pre>
 *
 * @param minPixels smallest area after resizing, in pixels
 * @param maxPixels largest area after resizing, in pixels
 * @param patchSize side of one patch, in pixels (14)
 * @param temporalPatchSize frames per patch (2)
 * @param mergeSize patches merged per side (2)
 * @param rescaleFactor factor from 8-bit values to [0, 1] (1/255)
 * @param mean per-channel mean (R, G, B) subtracted after rescaling
 * @param std per-channel standard deviation (R, G, B) divided by after subtracting
 */
public record Qwen2VlImageProcessor(long minPixels, long maxPixels, int patchSize, int temporalPatchSize,
    int mergeSize, double rescaleFactor, float[] mean, float[] std) {

  /** CLIP's mean, which Qwen2-VL's processor uses. */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** CLIP's standard deviation, which Qwen2-VL's processor uses. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  public Qwen2VlImageProcessor {
    Check.positive("min_pixels", minPixels);
    Check.positive("max_pixels", maxPixels);
    Check.positive("patch_size", patchSize);
    Check.positive("temporal_patch_size", temporalPatchSize);
    Check.positive("merge_size", mergeSize);
    Check.positive("rescale_factor", rescaleFactor);
    if (minPixels > maxPixels) {
      throw new IllegalArgumentException("min_pixels " + minPixels + " exceeds max_pixels " + maxPixels);
    }
    mean = channels("image_mean", mean);
    std = channels("image_std", std);
    for (float s : std) {
      Check.positive("image_std", s);
    }
  }

  private static float[] channels(String name, float[] v) {
    Check.notNull(name, v);
    if (v.length != 3) {
      throw new IllegalArgumentException(name + " must have 3 values (R, G, B), got " + v.length);
    }
    return v.clone();
  }

  /** Qwen2-VL's defaults: 56² to 14²·4·1280 pixels, patch 14, temporal 2, merge 2, CLIP mean/std. */
  public static Qwen2VlImageProcessor defaults() {
    return new Qwen2VlImageProcessor(56 * 56, 14 * 14 * 4 * 1280, 14, 2, 2, 1 / 255.0, CLIP_MEAN, CLIP_STD);
  }

  /** The same processor with other pixel bounds (as the processor's {@code min_pixels}/{@code max_pixels}). */
  public Qwen2VlImageProcessor withPixels(long min, long max) {
    return new Qwen2VlImageProcessor(min, max, patchSize, temporalPatchSize, mergeSize, rescaleFactor, mean, std);
  }

  /**
   * Reads {@code preprocessor_config.json} of a model folder ({@code min_pixels}/{@code max_pixels} at the top level
   * or under {@code size}, {@code patch_size}, {@code temporal_patch_size}, {@code merge_size},
   * {@code rescale_factor}, {@code image_mean}, {@code image_std}); missing fields take Qwen2-VL's defaults.
   */
  public static Qwen2VlImageProcessor fromFolder(Path dir) {
    Path file = dir.resolve("preprocessor_config.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Missing preprocessor_config.json in " + dir + ": a Qwen2-VL folder needs"
          + " it (copy it from the model's Hugging Face repository).");
    }
    JsonObject c = ModelConfig.readJson(file);
    Qwen2VlImageProcessor d = defaults();
    JsonObject size = c.has("size") && c.get("size").isJsonObject() ? c.getAsJsonObject("size") : new JsonObject();
    long min = c.has("min_pixels") ? c.get("min_pixels").getAsLong()
        : size.has("min_pixels") ? size.get("min_pixels").getAsLong()
        : size.has("shortest_edge") ? size.get("shortest_edge").getAsLong() : d.minPixels();
    long max = c.has("max_pixels") ? c.get("max_pixels").getAsLong()
        : size.has("max_pixels") ? size.get("max_pixels").getAsLong()
        : size.has("longest_edge") ? size.get("longest_edge").getAsLong() : d.maxPixels();
    try {
      return new Qwen2VlImageProcessor(min, max, intOr(c, "patch_size", d.patchSize()),
          intOr(c, "temporal_patch_size", d.temporalPatchSize()), intOr(c, "merge_size", d.mergeSize()),
          c.has("rescale_factor") ? c.get("rescale_factor").getAsDouble() : d.rescaleFactor(),
          floats(c.get("image_mean"), d.mean()), floats(c.get("image_std"), d.std()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static int intOr(JsonObject c, String name, int fallback) {
    return c.has(name) && !c.get(name).isJsonNull() ? c.get(name).getAsInt() : fallback;
  }

  private static float[] floats(JsonElement e, float[] fallback) {
    if (e == null || !e.isJsonArray()) {
      return fallback;
    }
    JsonArray a = e.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  /** Side length, in pixels, that both resized sides are multiples of ({@code patchSize * mergeSize}). */
  public int factor() {
    return patchSize * mergeSize;
  }

  /**
   * The size an image is resized to, {@code {height, width}} in pixels: each side rounded (half to even, as Python's
   * {@code round}) to a multiple of {@link #factor()}, then scaled down or up keeping the aspect ratio if the area
   * leaves {@code [minPixels, maxPixels]}.
   */
  public int[] smartResize(int height, int width) {
    int f = factor();
    if (Math.max(height, width) / (double) Math.min(height, width) > 200) {
      throw new IllegalArgumentException("Image of " + width + "x" + height + " pixels has an aspect ratio over 200,"
          + " which Qwen2-VL's processor refuses: crop it.");
    }
    long h = Math.max(f, (long) Math.rint(height / (double) f) * f);
    long w = Math.max(f, (long) Math.rint(width / (double) f) * f);
    if (h * w > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      h = Math.max(f, (long) Math.floor(height / beta / f) * f);
      w = Math.max(f, (long) Math.floor(width / beta / f) * f);
    } else if (h * w < minPixels) {
      double beta = Math.sqrt(minPixels / ((double) height * width));
      h = (long) Math.ceil(height * beta / f) * f;
      w = (long) Math.ceil(width * beta / f) * f;
    }
    return new int[] {(int) h, (int) w};
  }

  /** Preprocesses one still image. */
  public PixelPatches preprocess(VlmImage image) {
    Check.notNull("image", image);
    int[] hw = smartResize(image.height(), image.width());
    int h = hw[0];
    int w = hw[1];
    int[] rgb = Resize.bicubic(image.image(), w, h);
    // Normalized planes [3][h*w]; 8-bit input, so each channel's 256 possible values are computed once.
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (float) ((v * rescaleFactor - mean[c]) / std[c]);
      }
    }
    float[][] planes = new float[3][h * w];
    float[] r0 = lut[0];
    float[] g0 = lut[1];
    float[] b0 = lut[2];
    float[] pr = planes[0];
    float[] pg = planes[1];
    float[] pb = planes[2];
    for (int i = 0; i < h * w; i++) {
      int p = rgb[i];
      pr[i] = r0[(p >> 16) & 0xff];
      pg[i] = g0[(p >> 8) & 0xff];
      pb[i] = b0[p & 0xff];
    }
    int p = patchSize;
    int tps = temporalPatchSize;
    int m = mergeSize;
    int gh = h / p;
    int gw = w / p;
    int width = 3 * tps * p * p;
    float[] out = new float[gh * gw * width];
    int row = 0;
    // Rows: merged block (row-major), then the m×m patches inside it (row-major).
    // Columns: channel, then frame, then the patch's pixel rows and columns.
    for (int bh = 0; bh < gh / m; bh++) {
      for (int bw = 0; bw < gw / m; bw++) {
        for (int mh = 0; mh < m; mh++) {
          for (int mw = 0; mw < m; mw++) {
            int y0 = (bh * m + mh) * p;
            int x0 = (bw * m + mw) * p;
            int base = row * width;
            for (int c = 0; c < 3; c++) {
              float[] plane = planes[c];
              for (int t = 0; t < tps; t++) {
                int off = base + (c * tps + t) * p * p;
                for (int y = 0; y < p; y++) {
                  System.arraycopy(plane, (y0 + y) * w + x0, out, off + y * p, p);
                }
              }
            }
            row++;
          }
        }
      }
    }
    return new PixelPatches(out, 1, gh, gw, width, m, h, w);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Qwen2VlImageProcessor q && q.minPixels == minPixels && q.maxPixels == maxPixels
        && q.patchSize == patchSize && q.temporalPatchSize == temporalPatchSize && q.mergeSize == mergeSize
        && q.rescaleFactor == rescaleFactor && java.util.Arrays.equals(q.mean, mean)
        && java.util.Arrays.equals(q.std, std);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(minPixels, maxPixels, patchSize, temporalPatchSize, mergeSize, rescaleFactor,
        java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std));
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
