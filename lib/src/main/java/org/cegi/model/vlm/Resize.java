package org.cegi.model.vlm;

import java.awt.image.BufferedImage;

/**
 * Separable bicubic resampling in the manner of PIL's {@code Image.resize(..., BICUBIC)}: a cubic kernel with
 * {@code a = -0.5} whose support widens with the downscale factor (so shrinking averages, not aliases), weights
 * normalized per output pixel, and each pass rounded and clipped to 8 bits. Not part of the API.
 */
final class Resize {
  private Resize() {}

  /** Returns packed RGB pixels {@code [height * width]} of the resized image (the input itself when sizes match). */
  static int[] bicubic(BufferedImage src, int width, int height) {
    int sw = src.getWidth();
    int sh = src.getHeight();
    int[] in = src.getRGB(0, 0, sw, sh, null, 0, sw);
    if (sw == width && sh == height) {
      return in;
    }
    float[][] planes = new float[3][sw * sh];
    for (int i = 0; i < in.length; i++) {
      int p = in[i];
      planes[0][i] = (p >> 16) & 0xff;
      planes[1][i] = (p >> 8) & 0xff;
      planes[2][i] = p & 0xff;
    }
    // Horizontal pass: [sh][width] per channel, then vertical: [height][width].
    float[][] tmp = new float[3][sh * width];
    Kernel kx = new Kernel(sw, width);
    for (int c = 0; c < 3; c++) {
      float[] s = planes[c];
      float[] t = tmp[c];
      for (int y = 0; y < sh; y++) {
        int row = y * sw;
        for (int x = 0; x < width; x++) {
          int lo = row + kx.start[x];
          float[] wts = kx.weights[x];
          float acc = 0;
          for (int k = 0; k < wts.length; k++) {
            acc += wts[k] * s[lo + k];
          }
          t[y * width + x] = clip8(acc);
        }
      }
    }
    int[] out = new int[height * width];
    Kernel ky = new Kernel(sh, height);
    float[] acc = new float[width];
    for (int c = 0; c < 3; c++) {
      float[] t = tmp[c];
      int shift = 16 - 8 * c;
      for (int y = 0; y < height; y++) {
        java.util.Arrays.fill(acc, 0f);
        int lo = ky.start[y];
        float[] wts = ky.weights[y];
        for (int k = 0; k < wts.length; k++) {
          float wk = wts[k];
          int base = (lo + k) * width;
          for (int x = 0; x < width; x++) {
            acc[x] += wk * t[base + x];
          }
        }
        int o = y * width;
        for (int x = 0; x < width; x++) {
          out[o + x] |= (int) clip8(acc[x]) << shift;
        }
      }
    }
    return out;
  }

  private static float clip8(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static double cubic(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }

  /** Per output coordinate: first input index and normalized weights. */
  private static final class Kernel {
    final int[] start;
    final float[][] weights;

    Kernel(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(1.0, scale);
      double support = 2.0 * filterScale;
      start = new int[outSize];
      weights = new float[outSize][];
      for (int o = 0; o < outSize; o++) {
        double center = (o + 0.5) * scale;
        int lo = Math.max(0, (int) (center - support + 0.5));
        int hi = Math.min(inSize, (int) (center + support + 0.5));
        double[] w = new double[hi - lo];
        double sum = 0;
        for (int i = lo; i < hi; i++) {
          w[i - lo] = cubic((i - center + 0.5) / filterScale);
          sum += w[i - lo];
        }
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          f[i] = (float) (sum == 0 ? 0 : w[i] / sum);
        }
        start[o] = lo;
        weights[o] = f;
      }
    }
  }
}
