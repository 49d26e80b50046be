package org.cegi.model.vlm;

import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.cegi.internal.Check;

/**
 * An RGB image for a vision-language model and where it came from (for error messages and result rows). Images are
 * read from files, {@code file:} URLs of local files, {@link BufferedImage}s or DJL {@link Image}s; alpha is dropped
 * (composited on black, as {@code convert("RGB")} does) and grey images are expanded to three channels.
 *
 * <pre>{@code
 * VlmImage a = VlmImage.fromFile(Path.of("cat.jpg"));
 * VlmImage b = VlmImage.fromUrl("file:///data/coco/000000039769.jpg");
 * VlmImage c = VlmImage.of(bufferedImage, "frame-12");
 * }</pre>
 *
 * @param image the pixels (type RGB)
 * @param source a description of the origin: a path, a URL or a caller-given name
 */
public record VlmImage(BufferedImage image, String source) {
  public VlmImage {
    Check.notNull("image", image);
    Check.nonBlank("source", source);
    if (image.getWidth() < 1 || image.getHeight() < 1) {
      throw new IllegalArgumentException("Image " + source + " is empty (" + image.getWidth() + "x" + image.getHeight()
          + " pixels)");
    }
    image = toRgb(image);
  }

  /** An image in memory with a name for messages. */
  public static VlmImage of(BufferedImage image, String name) {
    return new VlmImage(image, name);
  }

  /** A DJL image (its wrapped {@link BufferedImage} when it has one, else its pixels). */
  public static VlmImage of(Image image, String name) {
    Check.notNull("image", image);
    Object wrapped = image.getWrappedImage();
    if (wrapped instanceof BufferedImage b) {
      return new VlmImage(b, name);
    }
    throw new IllegalArgumentException("DJL image " + name + " wraps a " + wrapped.getClass().getName()
        + ", not a BufferedImage: create it with ImageFactory.getInstance().fromFile(path) on the default factory,"
        + " or pass the file itself.");
  }

  /** Reads PNG, JPEG, BMP or GIF; fails with the file's name when it is missing, corrupt or another format. */
  public static VlmImage fromFile(Path file) {
    Check.notNull("file", file);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Image file " + file + " does not exist (or is not a regular file):"
          + " check the path relative to " + Path.of("").toAbsolutePath() + ".");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException("Image file " + file + " is not in a supported format (PNG, JPEG, BMP,"
            + " GIF; found " + sniff(file) + "): convert it, e.g. to PNG.");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new VlmImage(reader.read(0), file.toString());
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
          && iae.getMessage().startsWith("Image file")) {
        throw iae;
      }
      throw new IllegalArgumentException("Image file " + file + " could not be decoded (" + e.getMessage()
          + "): the file is corrupt or truncated; re-download or re-export it.", e);
    }
  }

  /** Reads a {@code file:} URL of a local file, or a plain path. Remote URLs are refused: download them first. */
  public static VlmImage fromUrl(String url) {
    Check.nonBlank("url", url);
    if (!url.regionMatches(true, 0, "file:", 0, 5)) {
      if (url.contains("://")) {
        throw new IllegalArgumentException("Image URL " + url + " is not a file: URL; this runtime reads local files"
            + " only (offline runs): download the image and pass its path.");
      }
      return fromFile(Path.of(url));
    }
    try {
      return fromFile(Path.of(new URI(url)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
          && iae.getMessage().startsWith("Image file")) {
        throw iae;
      }
      throw new IllegalArgumentException("Image URL " + url + " is not a valid file: URL (" + e.getMessage()
          + "): write it as file:///absolute/path.png.", e);
    }
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  private static String sniff(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(12);
      if (head.length == 0) {
        return "an empty file";
      }
      String ascii = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (ascii.startsWith("RIFF") && ascii.substring(8).startsWith("WEBP")) {
        return "WebP";
      }
      if (ascii.startsWith("II*") || ascii.startsWith("MM")) {
        return "TIFF";
      }
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < Math.min(4, head.length); i++) {
        hex.append(String.format(Locale.ROOT, "%02x", head[i]));
      }
      return "bytes " + hex;
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static BufferedImage toRgb(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(java.awt.Color.BLACK);
      g.fillRect(0, 0, src.getWidth(), src.getHeight());
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
