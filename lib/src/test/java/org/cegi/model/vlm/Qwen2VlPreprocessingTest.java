package org.cegi.model.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Qwen2-VL preprocessing against values computed by hand (see the comments for each number). */
class Qwen2VlPreprocessingTest {
  private static final Qwen2VlImageProcessor P = Qwen2VlImageProcessor.defaults();
  // (v/255 - mean) / std for the values used below, computed by hand with the CLIP mean/std.
  private static final float R255 = 1.9303363f;   // (1 - 0.48145466) / 0.26862954
  private static final float G0 = -1.7520971f;    // (0 - 0.4578275) / 0.26130258
  private static final float B128 = 0.33994864f;  // (128/255 - 0.40821073) / 0.27577711
  private static final float R0 = -1.7922625f;    // (0 - 0.48145466) / 0.26862954
  private static final float B255 = 2.145897f;    // (1 - 0.40821073) / 0.27577711
  private static final float B0 = -1.4802198f;    // (0 - 0.40821073) / 0.27577711
  private static final float R76 = -0.6827821f;   // (76/255 - 0.48145466) / 0.26862954
  private static final float G64 = -0.7915999f;   // (64/255 - 0.4578275) / 0.26130258

  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  @Test
  void smartResizeRoundsToMultiplesOf28AndKeepsTheAreaInBounds() {
    assertThat(P.smartResize(256, 256)).containsExactly(252, 252);   // round(9.14) = 9 -> 252
    assertThat(P.smartResize(480, 640)).containsExactly(476, 644);   // 17.14 -> 17, 22.86 -> 23
    assertThat(P.smartResize(70, 42)).containsExactly(56, 56);       // 2.5 -> 2 and 1.5 -> 2 (half to even)
    // 28 x 28 = 784 < 3136: beta = sqrt(3136 / 1200) = 1.6166; ceil(30 * beta / 28) = 2, ceil(40 * beta / 28) = 3
    assertThat(P.smartResize(30, 40)).containsExactly(56, 84);
    // 112 x 196 > 3136: beta = sqrt(20000 / 3136) = 2.525; floor(100 / beta / 28) = 1, floor(200 / beta / 28) = 2
    assertThat(P.withPixels(784, 3136).smartResize(100, 200)).containsExactly(28, 56);
    assertThatThrownBy(() -> P.smartResize(10, 2100)).hasMessageContaining("aspect ratio over 200");
  }

  @Test
  void solidImageGivesPatchesOfTheNormalizedColour() {
    PixelPatches x = P.preprocess(VlmImage.of(solid(56, 56, 0xff0080), "solid"));
    assertThat(x.gridThw()).containsExactly(1, 4, 4);
    assertThat(x.rows()).isEqualTo(16);
    assertThat(x.rowWidth()).isEqualTo(1176);                // 3 channels * 2 frames * 14 * 14
    assertThat(x.mergedTokens()).isEqualTo(4);               // 16 / 2^2
    for (int r = 0; r < 16; r++) {
      for (int f = 0; f < 2; f++) {
        for (int i = 0; i < 196; i++) {
          assertThat(x.get(r, (0 * 2 + f) * 196 + i)).isCloseTo(R255, within(1e-5f));
          assertThat(x.get(r, (1 * 2 + f) * 196 + i)).isCloseTo(G0, within(1e-5f));
          assertThat(x.get(r, (2 * 2 + f) * 196 + i)).isCloseTo(B128, within(1e-5f));
        }
      }
    }
  }

  @Test
  void patchesFollowTheSpatialMergeOrder() {
    // Left half red, right half blue, 56 x 56 (no resize): patch columns 0-1 red, 2-3 blue.
    BufferedImage img = solid(56, 56, 0xff0000);
    for (int y = 0; y < 56; y++) {
      for (int x = 28; x < 56; x++) {
        img.setRGB(x, y, 0x0000ff);
      }
    }
    PixelPatches p = P.preprocess(VlmImage.of(img, "two-colour"));
    // Merge order: rows 0-3 = block (0,0) red, 4-7 = block (0,1) blue, 8-11 = block (1,0) red, 12-15 blue.
    // Row-major order would make row 2 the patch (0,2), which is blue.
    float[] expectedR = {R255, R255, R255, R255, R0, R0, R0, R0, R255, R255, R255, R255, R0, R0, R0, R0};
    for (int r = 0; r < 16; r++) {
      assertThat(p.get(r, 0)).as("row %d", r).isCloseTo(expectedR[r], within(1e-5f));
      assertThat(p.get(r, 4 * 196 + 100)).as("row %d blue", r)
          .isCloseTo(expectedR[r] == R255 ? B0 : B255, within(1e-5f));
    }
  }

  @Test
  void valuesInsideAPatchAreChannelThenFrameThenPixelRowThenColumn() {
    // R = 4x, G = 4y: row 3 is patch (1,1) of block (0,0), its pixel (py 2, px 5) is image pixel (x 19, y 16).
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        img.setRGB(x, y, (4 * x) << 16 | (4 * y) << 8);
      }
    }
    PixelPatches p = P.preprocess(VlmImage.of(img, "gradient"));
    assertThat(p.get(3, 0 * 196 + 2 * 14 + 5)).isCloseTo(R76, within(1e-5f));   // R, frame 0
    assertThat(p.get(3, 1 * 196 + 2 * 14 + 5)).isCloseTo(R76, within(1e-5f));   // R, frame 1 (repeated)
    assertThat(p.get(3, 2 * 196 + 2 * 14 + 5)).isCloseTo(G64, within(1e-5f));   // G, frame 0
    assertThat(p.get(3, 4 * 196 + 2 * 14 + 5)).isCloseTo(B0, within(1e-5f));    // B
  }

  @Test
  void resizingASolidImageKeepsItsColour() {
    PixelPatches x = P.preprocess(VlmImage.of(solid(100, 80, 0xff0080), "solid"));
    assertThat(x.resizedHeight()).isEqualTo(84);     // round(80 / 28) = 3
    assertThat(x.resizedWidth()).isEqualTo(112);     // round(100 / 28) = 4
    assertThat(x.gridThw()).containsExactly(1, 6, 8);
    assertThat(x.mergedTokens()).isEqualTo(12);
    for (int r = 0; r < x.rows(); r++) {
      assertThat(x.get(r, 0)).isCloseTo(R255, within(1e-5f));
      assertThat(x.get(r, 1175)).isCloseTo(B128, within(1e-5f));
    }
  }

  @Test
  void expandsImagePadTokensToTheMergedPatchCount() {
    PixelPatches img = P.preprocess(VlmImage.of(solid(84, 56, 0), "x"));   // grid 1 x 4 x 6 -> 24 / 4 = 6 tokens
    long pad = 9;
    long[] ids = {1, 8, pad, 10, 2};
    long[] out = Qwen2VlPrompt.expandImageTokens(ids, pad, List.of(img));
    assertThat(out).containsExactly(1, 8, 9, 9, 9, 9, 9, 9, 10, 2);
    assertThatThrownBy(() -> Qwen2VlPrompt.expandImageTokens(ids, pad, List.of(img, img)))
        .hasMessageContaining("The prompt has 1 <|image_pad|> token(s) but 2 image(s) were given");
  }

  @Test
  void positionIdsOfAPromptWithOneImage() {
    PixelPatches img = P.preprocess(VlmImage.of(solid(84, 56, 0), "x"));   // merged grid 2 rows x 3 columns
    long pad = 9;
    long[] ids = Qwen2VlPrompt.expandImageTokens(new long[] {1, 2, 8, pad, 10, 3, 4}, pad, List.of(img));
    MropePositions pos = MropePositions.of(ids, pad, List.of(img));
    // Text 0,1,2; image starts at 3: t = 3, h = 3 + row, w = 3 + column; text resumes at max(5) + 1 = 6.
    assertThat(pos.axis(0)).containsExactly(0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7, 8);
    assertThat(pos.axis(1)).containsExactly(0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7, 8);
    assertThat(pos.axis(2)).containsExactly(0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8);
    assertThat(pos.ropeDelta()).isEqualTo(9 - 12);
    MropePositions text = MropePositions.of(new long[] {5, 6, 7}, pad, List.of());
    assertThat(text.axis(1)).containsExactly(0, 1, 2);
    assertThat(text.ropeDelta()).isZero();
  }

  @Test
  void readsFilesUrlsAndDjlImages(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("a.png");
    ImageIO.write(solid(30, 20, 0x102030), "png", png.toFile());
    assertThat(VlmImage.fromFile(png).width()).isEqualTo(30);
    assertThat(VlmImage.fromUrl(png.toUri().toString()).height()).isEqualTo(20);
    assertThat(VlmImage.fromUrl(png.toUri().toString()).image().getRGB(0, 0) & 0xffffff).isEqualTo(0x102030);
    BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0xff123456);
    VlmImage converted = VlmImage.of(argb, "argb");
    assertThat(converted.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(converted.image().getRGB(0, 0) & 0xffffff).isEqualTo(0x123456);
    VlmImage djl = VlmImage.of(ImageFactory.getInstance().fromFile(png), "djl");
    assertThat(djl.width()).isEqualTo(30);
  }

  @Test
  void missingCorruptAndUnsupportedImagesFailNamingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.png");
    assertThatThrownBy(() -> VlmImage.fromFile(missing))
        .hasMessageContaining("Image file " + missing + " does not exist");
    Path corrupt = dir.resolve("broken.png");
    byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2};
    Files.write(corrupt, head);
    assertThatThrownBy(() -> VlmImage.fromFile(corrupt))
        .hasMessageContaining("Image file " + corrupt + " could not be decoded")
        .hasMessageContaining("corrupt or truncated");
    Path webp = dir.resolve("photo.webp");
    Files.write(webp, "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> VlmImage.fromFile(webp))
        .hasMessage("Image file " + webp + " is not in a supported format (PNG, JPEG, BMP, GIF; found WebP):"
            + " convert it, e.g. to PNG.");
    assertThatThrownBy(() -> VlmImage.fromUrl("https://example.com/cat.png"))
        .hasMessageContaining("is not a file: URL");
  }
}
