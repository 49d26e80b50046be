package org.cegi.tasks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.cegi.internal.Check;

/**
 * The encoded bytes of an image that a vision task sends with its prompt (PNG, JPEG, …), and where they came from.
 * Decoding is deferred: an image that does not decode fails the item that uses it, not the whole data set.
 *
 * @param source where the bytes came from (a file path, {@code file.parquet#row 12}), for messages
 * @param bytes the encoded image
 */
public record TaskImage(String source, byte[] bytes) {
  public TaskImage {
    Check.nonBlank("source", source);
    Check.notNull("bytes", bytes);
    bytes = bytes.clone();
  }

  /** A copy of the encoded bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Number of encoded bytes. */
  public int size() {
    return bytes.length;
  }

  /**
   * Decodes the image.
   *
   * @throws IllegalArgumentException naming the source when the bytes are not an image ImageIO can read
   */
  public BufferedImage decode() {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalArgumentException("Image " + source + " does not decode (" + bytes.length
            + " bytes, not PNG/JPEG/GIF/BMP): replace the file or drop the item from the data set.");
      }
      return img;
    } catch (IOException e) {
      throw new IllegalArgumentException("Image " + source + " does not decode: " + e.getMessage()
          + ". Replace the file or drop the item from the data set.", e);
    }
  }

  @Override
  public String toString() {
    return "TaskImage[" + source + ", " + bytes.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskImage t && t.source.equals(source) && java.util.Arrays.equals(t.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }
}
