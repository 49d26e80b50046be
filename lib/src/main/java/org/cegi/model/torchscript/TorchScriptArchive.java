package org.cegi.model.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cegi.internal.Check;

/**
 * Writes a TorchScript module archive as {@code torch.jit.save} does, without Python: one class {@code
 * __torch__.<Name>} whose attributes are tensors (parameters and buffers) plus {@code training}, and whose methods are
 * TorchScript source. The zip holds, below a top folder named after the file, {@code data.pkl} (the module object,
 * pickle protocol 2: {@code GLOBAL __torch__ <Name>}, {@code NEWOBJ}, {@code BUILD} with the attribute dict; tensors
 * as {@code torch._utils._rebuild_tensor_v2} over persistent ids {@code ('storage', torch.FloatStorage, key, 'cpu',
 * numel)}), {@code data/<key>} (raw little-endian storages), {@code code/__torch__.py} (the class source),
 * {@code constants.pkl} (an empty tuple), {@code version} and {@code byteorder}. Entries are stored (not deflated)
 * and every entry's data starts on a 64-byte boundary, as PyTorch aligns them (padding in a {@code FB} extra field).
 * PyTorch's {@code torch.jit.load} (and DJL's PyTorch engine) reads it.
 *
 * <pre>{@code
 * TorchScriptArchive.module("Scale")
 *     .parameter("w", TorchScriptArchive.Tensor.floats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}))
 *     .method("def forward(self: __torch__.Scale, x: Tensor) -> Tensor:\n  return torch.matmul(x, self.w)\n")
 *     .writeTo(Path.of("scale.pt"));
 * }</pre>
 */
public final class TorchScriptArchive {
  /** The file format version written to {@code version} (the lowest that {@code data.pkl} archives use). */
  public static final int FILE_FORMAT_VERSION = 3;
  /** Data alignment of the entries, in bytes. */
  public static final int ALIGNMENT = 64;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("training", "forward", "self", "torch", "Tensor", "Module",
      "False", "True", "None", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else",
      "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
      "pass", "raise", "return", "try", "while", "with", "yield");

  private TorchScriptArchive() {}

  /** Starts a module of class {@code __torch__.<className>}. */
  public static Builder module(String className) {
    return new Builder(checkName("class name", className));
  }

  /** Element types of stored tensors, with PyTorch's storage class names. */
  public enum DType {
    FLOAT32("FloatStorage", 4, 6), FLOAT16("HalfStorage", 2, 5), BFLOAT16("BFloat16Storage", 2, 15),
    INT8("CharStorage", 1, 1), INT64("LongStorage", 8, 4);

    private final String storage;
    private final int bytes;
    private final int code;

    DType(String storage, int bytes, int code) {
      this.storage = storage;
      this.bytes = bytes;
      this.code = code;
    }

    /** PyTorch's storage class ({@code torch.FloatStorage}, …). */
    public String storageClass() {
      return storage;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    /** The {@code ScalarType} code TorchScript source uses for this type ({@code torch.to(x, 6)} is float32). */
    public int scalarTypeCode() {
      return code;
    }
  }

  /**
   * A contiguous tensor: element type, shape and little-endian bytes.
   *
   * @param dtype element type
   * @param shape sizes (non-negative; empty for a scalar)
   * @param data {@code numel * dtype.bytes()} bytes, little-endian
   */
  public record Tensor(DType dtype, long[] shape, byte[] data) {
    public Tensor {
      Check.notNull("dtype", dtype);
      shape = Check.notNull("shape", shape).clone();
      data = Check.notNull("data", data).clone();
      long n = 1;
      for (long s : shape) {
        if (s < 0) {
          throw new IllegalArgumentException("tensor shape " + java.util.Arrays.toString(shape) + " has a negative size");
        }
        n *= s;
      }
      if (n * dtype.bytes() != data.length) {
        throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " and " + dtype
            + " needs " + n * dtype.bytes() + " bytes, got " + data.length);
      }
    }

    /** Number of elements. */
    public long numel() {
      return data.length / dtype.bytes();
    }

    /** float32 values. */
    public static Tensor floats(long[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return new Tensor(DType.FLOAT32, shape, b.array());
    }

    /** float16 values (rounded to nearest even). */
    public static Tensor halfs(long[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        b.putShort(org.cegi.model.onnx.Half.fromFloat(v));
      }
      return new Tensor(DType.FLOAT16, shape, b.array());
    }

    /** bfloat16 values (the upper half of float32, rounded to nearest even). */
    public static Tensor bfloat16s(long[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
          b.putShort((short) 0x7fc0);
        } else {
          int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
          b.putShort((short) (rounded >>> 16));
        }
      }
      return new Tensor(DType.BFLOAT16, shape, b.array());
    }

    /** int8 values. */
    public static Tensor int8s(long[] shape, byte[] values) {
      return new Tensor(DType.INT8, shape, values);
    }

    /** int64 values. */
    public static Tensor longs(long[] shape, long[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(values);
      return new Tensor(DType.INT64, shape, b.array());
    }
  }

  /** Collects the attributes and methods of the module class. */
  public static final class Builder {
    private final String className;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final List<String> methods = new ArrayList<>();

    private Builder(String className) {
      this.className = className;
    }

    /** The class name, without the {@code __torch__.} prefix. */
    public String className() {
      return className;
    }

    /** A parameter attribute (listed in {@code __parameters__}). */
    public Builder parameter(String name, Tensor value) {
      add(name, value, parameters);
      return this;
    }

    /** A buffer attribute (listed in {@code __buffers__}). */
    public Builder buffer(String name, Tensor value) {
      add(name, value, buffers);
      return this;
    }

    private void add(String name, Tensor value, Map<String, Tensor> into) {
      checkName("attribute name", name);
      Check.notNull(name, value);
      if (parameters.containsKey(name) || buffers.containsKey(name)) {
        throw new IllegalArgumentException("attribute " + name + " is already defined in class " + className
            + ": give each parameter and buffer its own name.");
      }
      into.put(name, value);
    }

    /**
     * A method in TorchScript source, starting with {@code def} and indented from column 0 (the writer indents it
     * into the class). The {@code self} annotation is {@code __torch__.<className>}.
     */
    public Builder method(String source) {
      Check.nonBlank("method source", source);
      if (!source.startsWith("def ")) {
        throw new IllegalArgumentException("a method's source starts with 'def ', got: "
            + source.substring(0, Math.min(40, source.length())));
      }
      methods.add(source);
      return this;
    }

    /** The {@code code/__torch__.py} text. */
    public String source() {
      if (methods.isEmpty()) {
        throw new IllegalStateException("class " + className + " has no method: add at least forward with method()");
      }
      StringBuilder sb = new StringBuilder();
      sb.append("class ").append(className).append("(Module):\n");
      sb.append("  __parameters__ = [").append(quoted(parameters.keySet())).append("]\n");
      sb.append("  __buffers__ = [").append(quoted(buffers.keySet())).append("]\n");
      for (String n : parameters.keySet()) {
        sb.append("  ").append(n).append(" : Tensor\n");
      }
      for (String n : buffers.keySet()) {
        sb.append("  ").append(n).append(" : Tensor\n");
      }
      sb.append("  training : bool\n");
      for (String m : methods) {
        for (String line : m.split("\n", -1)) {
          if (!line.isEmpty()) {
            sb.append("  ").append(line);
          }
          sb.append('\n');
        }
      }
      return sb.toString();
    }

    private static String quoted(Iterable<String> names) {
      StringBuilder sb = new StringBuilder();
      for (String n : names) {
        sb.append('"').append(n).append("\", ");
      }
      return sb.toString();
    }

    /** The pickled module object ({@code data.pkl}); tensor keys are {@code 0, 1, …} in attribute order. */
    byte[] pickle() {
      Pickler p = new Pickler();
      p.proto();
      p.global("__torch__", className);
      p.op(Pickler.EMPTY_TUPLE);
      p.op(Pickler.NEWOBJ);
      p.op(Pickler.EMPTY_DICT);
      p.op(Pickler.MARK);
      int key = 0;
      for (Map<String, Tensor> m : List.of(parameters, buffers)) {
        for (Map.Entry<String, Tensor> e : m.entrySet()) {
          p.string(e.getKey());
          p.tensor(e.getValue(), Integer.toString(key++));
        }
      }
      p.string("training");
      p.bool(false);
      p.op(Pickler.SETITEMS);
      p.op(Pickler.BUILD);
      p.op(Pickler.STOP);
      return p.bytes();
    }

    /** Writes the archive; the top folder of the zip is the file name without {@code .pt}. */
    public Path writeTo(Path file) {
      String name = file.getFileName().toString();
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      if (!IDENTIFIER.matcher(stem).matches()) {
        stem = "archive";
      }
      String code = source();
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (CountingStream out = new CountingStream(Files.newOutputStream(file));
             ZipOutputStream z = new ZipOutputStream(out)) {
          put(z, out, stem + "/data.pkl", pickle());
          put(z, out, stem + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
          put(z, out, stem + "/constants.pkl", new byte[] {(byte) 0x80, 2, Pickler.EMPTY_TUPLE, Pickler.STOP});
          int key = 0;
          for (Map<String, Tensor> m : List.of(parameters, buffers)) {
            for (Tensor t : m.values()) {
              put(z, out, stem + "/data/" + key++, t.data());
            }
          }
          put(z, out, stem + "/version", (FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
          put(z, out, stem + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write TorchScript archive " + file + ": " + e.getMessage(), e);
      }
      return file;
    }

    private static void put(ZipOutputStream z, CountingStream out, String name, byte[] data) throws IOException {
      ZipEntry e = new ZipEntry(name);
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      e.setCompressedSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
      e.setTime(946_728_000_000L); // 2000-01-01, so that the same module gives the same bytes
      int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
      long dataStart = out.count + 30 + nameLen + 4;
      int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
      byte[] extra = new byte[4 + pad];
      extra[0] = 'F';
      extra[1] = 'B';
      extra[2] = (byte) pad;
      extra[3] = (byte) (pad >>> 8);
      e.setExtra(extra);
      z.putNextEntry(e);
      z.write(data);
      z.closeEntry();
    }
  }

  private static String checkName(String what, String name) {
    Check.notNull(what, name);
    if (!IDENTIFIER.matcher(name).matches() || RESERVED.contains(name) || name.startsWith("__")) {
      throw new IllegalArgumentException(what + " '" + name + "' is not usable in TorchScript: use letters, digits"
          + " and underscores, not starting with a digit or '__', and not a Python keyword or one of training,"
          + " forward, self, torch, Tensor, Module.");
    }
    return name;
  }

  /** Counts bytes written, so that the zip entries can be aligned. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** The pickle opcodes (protocol 2) that PyTorch's TorchScript unpickler reads. */
  static final class Pickler {
    static final byte MARK = '(';
    static final byte STOP = '.';
    static final byte BININT = 'J';
    static final byte BINUNICODE = 'X';
    static final byte GLOBAL = 'c';
    static final byte EMPTY_TUPLE = ')';
    static final byte EMPTY_DICT = '}';
    static final byte TUPLE = 't';
    static final byte SETITEMS = 'u';
    static final byte BUILD = 'b';
    static final byte REDUCE = 'R';
    static final byte BINPERSID = 'Q';
    static final byte NEWOBJ = (byte) 0x81;
    static final byte NEWTRUE = (byte) 0x88;
    static final byte NEWFALSE = (byte) 0x89;
    static final byte LONG1 = (byte) 0x8a;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void op(byte b) {
      out.write(b);
    }

    void proto() {
      out.write(0x80);
      out.write(2);
    }

    void global(String module, String name) {
      op(GLOBAL);
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op(BINUNICODE);
      int4(b.length);
      out.writeBytes(b);
    }

    void integer(long v) {
      if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op(BININT);
        int4((int) v);
      } else {
        op(LONG1);
        out.write(8);
        for (int i = 0; i < 8; i++) {
          out.write((int) (v >>> (8 * i)) & 0xff);
        }
      }
    }

    void bool(boolean v) {
      op(v ? NEWTRUE : NEWFALSE);
    }

    private void int4(int v) {
      for (int i = 0; i < 4; i++) {
        out.write((v >>> (8 * i)) & 0xff);
      }
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, 0, shape, strides, False, OrderedDict())}. */
    void tensor(Tensor t, String key) {
      global("torch._utils", "_rebuild_tensor_v2");
      op(MARK);
      op(MARK);
      string("storage");
      global("torch", t.dtype().storageClass());
      string(key);
      string("cpu");
      integer(t.numel());
      op(TUPLE);
      op(BINPERSID);
      integer(0);
      long[] shape = t.shape();
      op(MARK);
      for (long s : shape) {
        integer(s);
      }
      op(TUPLE);
      long[] strides = new long[shape.length];
      long stride = 1;
      for (int i = shape.length - 1; i >= 0; i--) {
        strides[i] = stride;
        stride *= Math.max(1, shape[i]);
      }
      op(MARK);
      for (long s : strides) {
        integer(s);
      }
      op(TUPLE);
      bool(false);
      global("collections", "OrderedDict");
      op(EMPTY_TUPLE);
      op(REDUCE);
      op(TUPLE);
      op(REDUCE);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
