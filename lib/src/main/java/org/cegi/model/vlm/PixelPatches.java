package org.cegi.model.vlm;

import org.cegi.internal.Check;

/**
 * An image cut into vision-encoder patches as Qwen2-VL's processor lays them out: {@code rows()} patches of
 * {@code channels * temporalPatchSize * patchSize * patchSize} values each (row-major {@code [rows, rowWidth]}),
 * ordered so that each run of {@code mergeSize * mergeSize} rows is one merged token (spatial-merge order), and the
 * grid {@code (t, h, w)} in patches that the encoder and the rotary positions need.
 *
 * @param values normalized pixel values, {@code rows() * rowWidth()} of them (not copied: treat as read-only)
 * @param gridT patches along time (1 for a still image)
 * @param gridH patches along the height
 * @param gridW patches along the width
 * @param rowWidth values per patch ({@code 3 * 2 * 14 * 14 = 1176} for Qwen2-VL)
 * @param mergeSize patches merged per side into one language-model token (2)
 * @param resizedHeight height in pixels after resizing
 * @param resizedWidth width in pixels after resizing
 */
public record PixelPatches(float[] values, int gridT, int gridH, int gridW, int rowWidth, int mergeSize,
    int resizedHeight, int resizedWidth) {
  public PixelPatches {
    Check.notNull("values", values);
    Check.positive("grid_t", gridT);
    Check.positive("grid_h", gridH);
    Check.positive("grid_w", gridW);
    Check.positive("row_width", rowWidth);
    Check.positive("merge_size", mergeSize);
    if (gridH % mergeSize != 0 || gridW % mergeSize != 0) {
      throw new IllegalArgumentException("grid " + gridH + "x" + gridW + " is not a multiple of merge size "
          + mergeSize);
    }
    if ((long) gridT * gridH * gridW * rowWidth != values.length) {
      throw new IllegalArgumentException("values has " + values.length + " floats; grid " + gridT + "x" + gridH + "x"
          + gridW + " patches of " + rowWidth + " need " + (long) gridT * gridH * gridW * rowWidth);
    }
  }

  /** Number of patches (rows of {@code pixel_values}). */
  public int rows() {
    return gridT * gridH * gridW;
  }

  /** Number of {@code <|image_pad|>} tokens the image takes in the prompt: {@code t * h * w / merge²}. */
  public int mergedTokens() {
    return rows() / (mergeSize * mergeSize);
  }

  /** One value: patch {@code row}, column {@code col}. */
  public float get(int row, int col) {
    return values[row * rowWidth + col];
  }

  /** The grid as {@code grid_thw} feeds it: {@code {t, h, w}}. */
  public long[] gridThw() {
    return new long[] {gridT, gridH, gridW};
  }
}
