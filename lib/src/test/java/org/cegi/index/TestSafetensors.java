package org.cegi.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Writes safetensors files for tests: a real header followed by zero bytes (sparse where possible). */
public final class TestSafetensors {
  private TestSafetensors() {}

  /** Writes {@code name -> shape} tensors of dtype BF16 laid out one after the other. */
  public static Path write(Path file, Map<String, long[]> tensors) {
    StringJoiner json = new StringJoiner(",", "{", "}");
    json.add("\"__metadata__\":{\"format\":\"pt\"}");
    long offset = 0;
    for (Map.Entry<String, long[]> e : tensors.entrySet()) {
      long n = 1;
      StringJoiner shape = new StringJoiner(",", "[", "]");
      for (long d : e.getValue()) {
        n *= d;
        shape.add(Long.toString(d));
      }
      long end = offset + 2 * n;
      json.add("\"" + e.getKey() + "\":{\"dtype\":\"BF16\",\"shape\":" + shape + ",\"data_offsets\":[" + offset
          + "," + end + "]}");
      offset = end;
    }
    return writeRaw(file, json.toString(), offset);
  }

  /** Writes the given header text (length-prefixed) followed by {@code dataBytes} zero bytes. */
  public static Path writeRaw(Path file, String header, long dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return writeWithLength(file, h.length, h, dataBytes);
  }

  /** Writes a declared header length that may differ from the header bytes actually written. */
  public static Path writeWithLength(Path file, long declaredLength, byte[] header, long dataBytes) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(0);
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
      f.write(header);
      f.setLength(8 + header.length + dataBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The tensors PEFT saves for a LoRA adapter of the given rank on every targeted module of every layer. */
  public static Map<String, long[]> loraTensors(ModelShape shape, int rank, List<LoraTarget> targets) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (int layer = 0; layer < shape.numHiddenLayers(); layer++) {
      for (LoraTarget t : targets) {
        String block = t.ordinal() <= LoraTarget.O_PROJ.ordinal() ? "self_attn" : "mlp";
        String prefix = "base_model.model.model.layers." + layer + "." + block + "." + t.moduleName();
        int[] d = shape.dims(t);
        out.put(prefix + ".lora_A.weight", new long[] {rank, d[0]});
        out.put(prefix + ".lora_B.weight", new long[] {d[1], rank});
      }
    }
    return out;
  }

  static List<LoraTarget> all() {
    return new ArrayList<>(LoraTarget.ALL_LINEAR);
  }
}
