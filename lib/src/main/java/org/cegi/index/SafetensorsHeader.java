package org.cegi.index;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * The header of a safetensors file: tensor names, dtypes, shapes and offsets. Reading it touches only the
 * first {@code 8 + header length} bytes (an 8-byte little-endian length, then that many bytes of JSON); no
 * weights are loaded.
 *
 * <pre>{@code
 * SafetensorsHeader h = SafetensorsHeader.read(Path.of("adapter_model.safetensors"));
 * long n = h.tensors().get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").elementCount();
 * }</pre>
 *
 * @param file the file read
 * @param headerBytes the length of the JSON header in bytes
 * @param tensors tensor name to description, in file order
 * @param metadata the optional {@code __metadata__} string map
 */
public record SafetensorsHeader(
    String file, long headerBytes, Map<String, Tensor> tensors, Map<String, String> metadata) {

  /** Headers larger than this are refused (the format's reference reader uses the same bound). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  public SafetensorsHeader {
    Check.nonBlank("file", file);
    Check.nonNegative("header_bytes", headerBytes);
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Check.notNull("tensors", tensors)));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Check.notNull("metadata", metadata)));
  }

  /**
   * One tensor's entry.
   *
   * @param dtype the element type, e.g. {@code F32}, {@code BF16}
   * @param shape the dimensions
   * @param begin first byte of the data, relative to the end of the header
   * @param end one past the last byte of the data
   */
  public record Tensor(String dtype, List<Long> shape, long begin, long end) {
    public Tensor {
      Check.nonBlank("dtype", dtype);
      shape = List.copyOf(Check.noNulls("shape", shape));
      Check.nonNegative("begin", begin);
      Check.nonNegative("end", end);
    }

    /** @return the number of elements (the product of the shape; 1 for a scalar) */
    public long elementCount() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }

    /** @return bytes per element for the dtypes the format defines, 0 when unknown */
    public int bytesPerElement() {
      return switch (dtype) {
        case "F64", "I64", "U64" -> 8;
        case "F32", "I32", "U32" -> 4;
        case "F16", "BF16", "I16", "U16" -> 2;
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
        default -> 0;
      };
    }
  }

  /**
   * Reads the header of a safetensors file.
   *
   * @throws IllegalArgumentException naming the file when it is too short, its header length is out of
   *     range, its header is not the expected JSON, or a tensor's entry is inconsistent
   */
  public static SafetensorsHeader read(Path file) {
    Check.notNull("file", file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long n = len.flip().getLong();
      if (n <= 0 || n > MAX_HEADER_BYTES || n > size - 8) {
        throw bad(file, "its header length is " + n + " bytes, but must be between 1 and "
            + Math.min(MAX_HEADER_BYTES, size - 8) + " (file size " + size + " bytes)");
      }
      ByteBuffer json = ByteBuffer.allocate((int) n);
      readFully(ch, json, 8);
      String text = new String(json.array(), StandardCharsets.UTF_8);
      return parse(file, n, text, size - 8 - n);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }

  private static SafetensorsHeader parse(Path file, long n, String text, long dataBytes) {
    JsonObject root;
    try {
      JsonElement e = JsonParser.parseString(text.strip());
      if (!e.isJsonObject()) {
        throw bad(file, "its header is not a JSON object: " + abbreviate(text));
      }
      root = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw bad(file, "its header is not valid JSON (" + e.getMessage() + "): " + abbreviate(text));
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      String name = e.getKey();
      if (name.equals("__metadata__")) {
        if (!e.getValue().isJsonObject()) {
          throw bad(file, "__metadata__ must be an object of strings");
        }
        e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(),
            m.getValue().isJsonPrimitive() ? m.getValue().getAsString() : m.getValue().toString()));
        continue;
      }
      tensors.put(name, tensor(file, name, e.getValue(), dataBytes));
    }
    return new SafetensorsHeader(file.toString(), n, tensors, metadata);
  }

  private static Tensor tensor(Path file, String name, JsonElement v, long dataBytes) {
    if (!v.isJsonObject()) {
      throw bad(file, "tensor \"" + name + "\" must be an object with dtype, shape and data_offsets, got " + v);
    }
    JsonObject o = v.getAsJsonObject();
    for (String f : List.of("dtype", "shape", "data_offsets")) {
      if (!o.has(f)) {
        throw bad(file, "tensor \"" + name + "\" has no \"" + f + "\"");
      }
    }
    if (!o.get("shape").isJsonArray() || !o.get("data_offsets").isJsonArray()
        || o.getAsJsonArray("data_offsets").size() != 2) {
      throw bad(file, "tensor \"" + name + "\" needs a shape array and data_offsets [begin, end], got " + o);
    }
    List<Long> shape = new ArrayList<>();
    for (JsonElement d : o.getAsJsonArray("shape")) {
      shape.add(whole(file, name, "shape", d));
    }
    JsonArray off = o.getAsJsonArray("data_offsets");
    long begin = whole(file, name, "data_offsets", off.get(0));
    long end = whole(file, name, "data_offsets", off.get(1));
    if (begin > end || end > dataBytes) {
      throw bad(file, "tensor \"" + name + "\" has data_offsets [" + begin + ", " + end + "] outside the "
          + dataBytes + " data bytes after the header (truncated file?)");
    }
    Tensor t = new Tensor(o.get("dtype").getAsString(), shape, begin, end);
    long bytes;
    try {
      bytes = Math.multiplyExact(t.elementCount(), (long) t.bytesPerElement());
    } catch (ArithmeticException ex) {
      throw bad(file, "tensor \"" + name + "\" has shape " + shape + " whose element count overflows");
    }
    if (t.bytesPerElement() > 0 && bytes != end - begin) {
      throw bad(file, "tensor \"" + name + "\" of dtype " + t.dtype() + " and shape " + shape + " needs "
          + bytes + " bytes, but its data_offsets span " + (end - begin));
    }
    return t;
  }

  private static long whole(Path file, String name, String field, JsonElement d) {
    try {
      double x = d.getAsDouble();
      if (x < 0 || x != Math.rint(x)) {
        throw new NumberFormatException();
      }
      return d.getAsLong();
    } catch (RuntimeException e) {
      throw bad(file, "tensor \"" + name + "\" has a " + field + " entry " + d + " that is not a whole number >= 0");
    }
  }

  private static IllegalArgumentException bad(Path file, String what) {
    return new IllegalArgumentException("Malformed safetensors file " + file + ": " + what);
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 80 ? t : t.substring(0, 77) + "...";
  }
}
