package org.cegi.model.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * A small ONNX model writer: a graph of nodes, initializers, typed inputs and outputs, serialised to the ONNX
 * protobuf format by hand (no protobuf library). Enough to build decoder-only language models. Tensors are stored
 * inline ({@code raw_data}) unless the initializers together exceed {@link Builder#externalDataThreshold(long)}
 * bytes (default {@link #DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES}, below the 2 GiB protobuf limit): then
 * {@link #writeTo(Path)} stores every initializer of at least {@link #EXTERNAL_MIN_TENSOR_BYTES} bytes in a file
 * {@code <model file name>_data} beside the model ({@code model.onnx_data}), each at a 4096-byte aligned offset, as
 * onnx's {@code save_model(..., save_as_external_data=True)} does, and the model refers to it with
 * {@code data_location=EXTERNAL} and {@code location}/{@code offset}/{@code length} entries. ONNX Runtime finds
 * that file beside the model when a session is created from the model's path (not from its bytes).
 *
 * <pre>{@code
 * OnnxGraph.Builder g = OnnxGraph.builder("double").opset("", 17);
 * g.input("x", OnnxGraph.DataType.FLOAT, "batch_size", 4);
 * g.initializer(OnnxGraph.Tensor.floats("two", new long[] {}, 2f));
 * g.node("Mul", List.of("x", "two"), List.of("y"));
 * g.output("y", OnnxGraph.DataType.FLOAT, "batch_size", 4);
 * g.build().writeTo(Path.of("double.onnx"));
 * }</pre>
 */
public final class OnnxGraph {
  /** ONNX IR version written (8 is read by ONNX Runtime 1.14 and later). */
  public static final int IR_VERSION = 8;

  /**
   * Initializer bytes above which {@link #writeTo(Path)} moves tensors to an external data file by default:
   * 1.8 GiB, leaving room under protobuf's 2 GiB message limit for the graph itself.
   */
  public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES = (long) (1.8 * (1L << 30));

  /** Tensors smaller than this stay inline even in a model with external data (onnx's default size_threshold). */
  public static final int EXTERNAL_MIN_TENSOR_BYTES = 1024;

  /** Offsets of tensors in the external data file are multiples of this (as onnx aligns them for mmap). */
  public static final int EXTERNAL_DATA_ALIGNMENT_BYTES = 4096;

  /** The suffix of the external data file: {@code model.onnx} keeps its tensors in {@code model.onnx_data}. */
  public static final String EXTERNAL_DATA_SUFFIX = "_data";

  /** ONNX tensor element types, with their {@code TensorProto.DataType} numbers. */
  public enum DataType {
    FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), INT32(6, 4), INT64(7, 8), BOOL(9, 1), FLOAT16(10, 2);

    final int code;
    final int bytes;

    DataType(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    /** The {@code TensorProto.DataType} number (for {@code Cast}'s {@code to} attribute). */
    public int code() {
      return code;
    }
  }

  /**
   * A constant tensor (an initializer or an attribute value), little-endian raw bytes.
   *
   * @param name the tensor name (may be empty for attribute tensors)
   * @param type element type
   * @param dims the shape; empty for a scalar
   * @param raw the elements, little-endian, {@code product(dims) * type.bytes} bytes (4-bit types excepted)
   */
  public record Tensor(String name, DataType type, long[] dims, byte[] raw) {
    public Tensor {
      Check.notNull("name", name);
      Check.notNull("type", type);
      dims = dims.clone();
      raw = raw.clone();
      long n = 1;
      for (long d : dims) {
        Check.nonNegative("dims of " + name, d);
        n *= d;
      }
      if (n * type.bytes != raw.length) {
        throw new IllegalArgumentException(
            "Tensor " + name + " of type " + type + " and shape " + java.util.Arrays.toString(dims)
                + " needs " + n * type.bytes + " bytes, got " + raw.length);
      }
    }

    private static ByteBuffer buffer(int bytes) {
      return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static Tensor floats(String name, long[] dims, float... values) {
      ByteBuffer b = buffer(values.length * 4);
      b.asFloatBuffer().put(values);
      return new Tensor(name, DataType.FLOAT, dims, b.array());
    }

    /** Half-precision tensor from float values (rounded to nearest even). */
    public static Tensor float16s(String name, long[] dims, float... values) {
      ByteBuffer b = buffer(values.length * 2);
      for (float v : values) {
        b.putShort(Half.fromFloat(v));
      }
      return new Tensor(name, DataType.FLOAT16, dims, b.array());
    }

    public static Tensor int64s(String name, long[] dims, long... values) {
      ByteBuffer b = buffer(values.length * 8);
      b.asLongBuffer().put(values);
      return new Tensor(name, DataType.INT64, dims, b.array());
    }

    public static Tensor int8s(String name, long[] dims, byte... values) {
      return new Tensor(name, DataType.INT8, dims, values);
    }

    public static Tensor uint8s(String name, long[] dims, byte... values) {
      return new Tensor(name, DataType.UINT8, dims, values);
    }

    /** A 1-D int64 tensor (shapes, axes, indices). */
    public static Tensor int64Vector(String name, long... values) {
      return int64s(name, new long[] {values.length}, values);
    }

    /** A scalar (0-dimensional) int64 tensor. */
    public static Tensor int64Scalar(String name, long value) {
      return int64s(name, new long[0], value);
    }

    /** A scalar (0-dimensional) float tensor. */
    public static Tensor floatScalar(String name, float value) {
      return floats(name, new long[0], value);
    }

    ProtoWriter proto() {
      return header().bytes(9, raw);
    }

    /** The tensor with its bytes at {@code offset} of the external file {@code location} (raw_data left out). */
    ProtoWriter externalProto(String location, long offset) {
      ProtoWriter w = header();
      w.message(13, new ProtoWriter().string(1, "location").string(2, location));
      w.message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)));
      w.message(13, new ProtoWriter().string(1, "length").string(2, Integer.toString(raw.length)));
      return w.varint(14, 1);
    }

    private ProtoWriter header() {
      ProtoWriter w = new ProtoWriter();
      for (long d : dims) {
        w.varint(1, d);
      }
      w.varint(2, type.code);
      if (!name.isEmpty()) {
        w.string(8, name);
      }
      return w;
    }
  }

  /** A node attribute. Create with the static factories. */
  public static final class Attr {
    private final String name;
    private final ProtoWriter body;

    private Attr(String name, ProtoWriter body) {
      this.name = Check.nonBlank("attribute name", name);
      this.body = body;
    }

    public static Attr i(String name, long value) {
      return new Attr(name, new ProtoWriter().varint(3, value).varint(20, 2));
    }

    public static Attr f(String name, float value) {
      return new Attr(name, new ProtoWriter().fixed32Float(2, value).varint(20, 1));
    }

    public static Attr s(String name, String value) {
      return new Attr(name, new ProtoWriter().string(4, value).varint(20, 3));
    }

    public static Attr ints(String name, long... values) {
      ProtoWriter w = new ProtoWriter();
      for (long v : values) {
        w.varint(8, v);
      }
      return new Attr(name, w.varint(20, 7));
    }

    public static Attr tensor(String name, Tensor value) {
      return new Attr(name, new ProtoWriter().message(5, value.proto()).varint(20, 4));
    }

    ProtoWriter proto() {
      // Name first, then the value and type fields, as one message.
      return new ProtoWriter().string(1, name).append(body);
    }
  }

  private final String name;
  private final String producer;
  private final Map<String, Integer> opsets;
  private final List<ProtoWriter> nodes;
  private final List<ProtoWriter> inputs;
  private final List<ProtoWriter> outputs;
  private final List<Tensor> initializers;
  private final long threshold;

  private OnnxGraph(Builder b) {
    this.name = b.name;
    this.producer = b.producer;
    this.opsets = new LinkedHashMap<>(b.opsets);
    this.nodes = List.copyOf(b.nodes);
    this.inputs = List.copyOf(b.inputs);
    this.outputs = List.copyOf(b.outputs);
    this.initializers = List.copyOf(b.initializers);
    this.threshold = b.externalThreshold;
  }

  /** Starts a graph with the given name. Add at least one opset import. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The serialised {@code ModelProto} with every tensor inline (for models below 2 GiB). */
  public byte[] toBytes() {
    if (initializerBytes() > Integer.MAX_VALUE - (64L << 20)) {
      throw new IllegalStateException("Model " + name + " holds " + initializerBytes() + " bytes of"
          + " initializers, too many for one protobuf message (2 GiB): write it with writeTo(file), which stores"
          + " them in an external data file.");
    }
    return serialise(initializers.stream().map(Tensor::proto).toList());
  }

  /** Number of nodes in the graph. */
  public int nodeCount() {
    return nodes.size();
  }

  /** Total bytes of the initializers' elements. */
  public long initializerBytes() {
    long n = 0;
    for (Tensor t : initializers) {
      n += t.raw().length;
    }
    return n;
  }

  /** Whether {@link #writeTo(Path)} stores the initializers in an external data file (they exceed the threshold). */
  public boolean usesExternalData() {
    return initializerBytes() > threshold;
  }

  /** The external data file of a model file: {@code onnx/model.onnx} → {@code onnx/model.onnx_data}. */
  public static Path externalDataFile(Path modelFile) {
    return modelFile.resolveSibling(modelFile.getFileName() + EXTERNAL_DATA_SUFFIX);
  }

  /**
   * Writes the model file, creating parent folders; above the external-data threshold, also its data file
   * {@link #externalDataFile(Path)}. A stale data file of an earlier, larger write is deleted when the model now
   * fits inline.
   */
  public void writeTo(Path file) {
    Path data = externalDataFile(file);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (!usesExternalData()) {
        Files.write(file, toBytes());
        Files.deleteIfExists(data);
        return;
      }
      String location = data.getFileName().toString();
      List<ProtoWriter> protos = new ArrayList<>();
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(data,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
        long pos = 0;
        for (Tensor t : initializers) {
          if (t.raw().length < EXTERNAL_MIN_TENSOR_BYTES) {
            protos.add(t.proto());
            continue;
          }
          long offset = (pos + EXTERNAL_DATA_ALIGNMENT_BYTES - 1) / EXTERNAL_DATA_ALIGNMENT_BYTES
              * EXTERNAL_DATA_ALIGNMENT_BYTES;
          ByteBuffer b = ByteBuffer.wrap(t.raw());
          while (b.hasRemaining()) {
            ch.write(b, offset + b.position());
          }
          pos = offset + t.raw().length;
          protos.add(t.externalProto(location, offset));
        }
      }
      Files.write(file, serialise(protos));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write ONNX model " + file + " (external data " + data + "): "
          + e.getMessage(), e);
    }
  }

  /**
   * The external data files (the distinct {@code location} entries of its initializers) a model file refers to,
   * in order of first use; empty for a model with inline tensors. Reads the whole file: call it on small models
   * (with external data, the model file holds only the graph) or to explain a failed load.
   */
  public static List<String> externalDataLocations(Path modelFile) {
    byte[] b;
    try {
      b = Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ONNX model " + modelFile + ": " + e.getMessage(), e);
    }
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    try {
      for (int[] graph : fields(b, 0, b.length, 7)) {
        for (int[] tensor : fields(b, graph[0], graph[1], 5)) {
          for (int[] entry : fields(b, tensor[0], tensor[1], 13)) {
            List<int[]> key = fields(b, entry[0], entry[1], 1);
            List<int[]> value = fields(b, entry[0], entry[1], 2);
            if (key.size() == 1 && value.size() == 1 && "location".equals(text(b, key.get(0)))) {
              out.add(text(b, value.get(0)));
            }
          }
        }
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(modelFile + " is not a complete ONNX protobuf (truncated at some field):"
          + " download or write it again.", e);
    }
    return List.copyOf(out);
  }

  private static String text(byte[] b, int[] span) {
    return new String(b, span[0], span[1] - span[0], java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The [start, end) spans of the length-delimited fields numbered {@code field} in b[from, to). */
  private static List<int[]> fields(byte[] b, int from, int to, int field) {
    List<int[]> out = new ArrayList<>();
    int p = from;
    while (p < to) {
      long[] tag = varint(b, p);
      p = (int) tag[1];
      int wire = (int) (tag[0] & 7);
      switch (wire) {
        case 0:
          p = (int) varint(b, p)[1];
          break;
        case 1:
          p += 8;
          break;
        case 5:
          p += 4;
          break;
        case 2: {
          long[] len = varint(b, p);
          int start = (int) len[1];
          int end = Math.toIntExact(start + len[0]);
          if (end > to) {
            throw new IndexOutOfBoundsException("field ends at " + end + " past " + to);
          }
          if ((tag[0] >>> 3) == field) {
            out.add(new int[] {start, end});
          }
          p = end;
          break;
        }
        default:
          throw new IndexOutOfBoundsException("wire type " + wire + " at " + p);
      }
    }
    return out;
  }

  /** A varint at p: {value, position after it}. */
  private static long[] varint(byte[] b, int p) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[p++];
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return new long[] {v, p};
      }
    }
    throw new IndexOutOfBoundsException("varint longer than 10 bytes at " + p);
  }

  private byte[] serialise(List<ProtoWriter> tensors) {
    ProtoWriter graph = new ProtoWriter();
    for (ProtoWriter n : nodes) {
      graph.message(1, n);
    }
    graph.string(2, name);
    for (ProtoWriter t : tensors) {
      graph.message(5, t);
    }
    for (ProtoWriter i : inputs) {
      graph.message(11, i);
    }
    for (ProtoWriter o : outputs) {
      graph.message(12, o);
    }
    ProtoWriter model = new ProtoWriter();
    model.varint(1, IR_VERSION);
    model.string(2, producer);
    model.string(3, "0.1");
    model.message(7, graph);
    for (Map.Entry<String, Integer> e : opsets.entrySet()) {
      ProtoWriter os = new ProtoWriter();
      if (!e.getKey().isEmpty()) {
        os.string(1, e.getKey());
      }
      os.varint(2, e.getValue());
      model.message(8, os);
    }
    return model.toByteArray();
  }

  /** Collects the parts of a graph; {@link #build()} serialises them. */
  public static final class Builder {
    private final String name;
    private final Map<String, Integer> opsets = new LinkedHashMap<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, Boolean> names = new LinkedHashMap<>();
    private final java.util.Set<String> defined = new java.util.HashSet<>();
    private String producer = "cegi";
    private int counter;
    private long externalThreshold = DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES;

    private Builder(String name) {
      this.name = Check.nonBlank("graph name", name);
    }

    /** Imports an operator set: domain {@code ""} is the default ONNX domain. */
    public Builder opset(String domain, int version) {
      opsets.put(Check.notNull("domain", domain), version);
      return this;
    }

    /**
     * Initializer bytes above which {@link OnnxGraph#writeTo(Path)} stores tensors in an external data file
     * (default {@link #DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES}; tests use a small value; 0 always externalises).
     */
    public Builder externalDataThreshold(long bytes) {
      this.externalThreshold = Check.nonNegative("external data threshold (bytes)", bytes);
      return this;
    }

    public Builder producer(String producerName) {
      this.producer = Check.nonBlank("producer", producerName);
      return this;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each an {@code Integer}/{@code Long} (fixed size) or a {@code String} (named dynamic axis)
     */
    public Builder input(String valueName, DataType type, Object... dims) {
      inputs.add(valueInfo(valueName, type, dims));
      names.put(valueName, true);
      defined.add(valueName);
      return this;
    }

    /** Declares a graph output (see {@link #input} for dims). */
    public Builder output(String valueName, DataType type, Object... dims) {
      outputs.add(valueInfo(valueName, type, dims));
      return this;
    }

    /** Adds a constant tensor the nodes can read by its name; returns the name. */
    public String initializer(Tensor t) {
      Check.nonBlank("initializer name", t.name());
      names.put(t.name(), true);
      if (!defined.add(t.name())) {
        throw new IllegalArgumentException("Duplicate value name " + t.name() + " in graph " + name);
      }
      initializers.add(t);
      return t.name();
    }

    /** A fresh value name with the given prefix. */
    public String fresh(String prefix) {
      String n;
      do {
        n = prefix + "_" + (counter++);
      } while (names.containsKey(n));
      names.put(n, true);
      return n;
    }

    /** Adds a node in the default domain with explicit output names. */
    public Builder node(String opType, List<String> in, List<String> out, Attr... attrs) {
      return nodeIn("", opType, in, out, attrs);
    }

    /** Adds a node of a given domain (e.g. {@code com.microsoft}). */
    public Builder nodeIn(String domain, String opType, List<String> in, List<String> out, Attr... attrs) {
      ProtoWriter w = new ProtoWriter();
      for (String i : in) {
        w.string(1, i);
      }
      for (String o : out) {
        w.string(2, o);
        names.put(o, true);
      }
      w.string(3, opType + "_" + nodes.size());
      w.string(4, opType);
      for (Attr a : attrs) {
        w.message(5, a.proto());
      }
      if (!domain.isEmpty()) {
        w.string(7, domain);
      }
      nodes.add(w);
      return this;
    }

    /** Adds a single-output node and returns the generated output name. */
    public String op(String opType, List<String> in, Attr... attrs) {
      String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
      node(opType, in, List.of(out), attrs);
      return out;
    }

    /** Adds a single-output node of a domain and returns the generated output name. */
    public String opIn(String domain, String opType, List<String> in, Attr... attrs) {
      String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
      nodeIn(domain, opType, in, List.of(out), attrs);
      return out;
    }

    /** An int64 vector constant (shapes, axes) added as an initializer; returns its name. */
    public String constInts(long... values) {
      return initializer(Tensor.int64Vector(fresh("const_i64"), values));
    }

    /** An int64 scalar constant; returns its name. */
    public String constInt(long value) {
      return initializer(Tensor.int64Scalar(fresh("const_i64s"), value));
    }

    /** A float scalar constant; returns its name. */
    public String constFloat(float value) {
      return initializer(Tensor.floatScalar(fresh("const_f32s"), value));
    }

    /** Finishes the model (serialised by {@link OnnxGraph#toBytes()} or {@link OnnxGraph#writeTo(Path)}). */
    public OnnxGraph build() {
      if (opsets.isEmpty()) {
        throw new IllegalStateException("Graph " + name + " imports no opset: call opset(\"\", 17) first");
      }
      return new OnnxGraph(this);
    }

    private static ProtoWriter valueInfo(String valueName, DataType type, Object... dims) {
      ProtoWriter shape = new ProtoWriter();
      for (Object d : dims) {
        ProtoWriter dim = new ProtoWriter();
        if (d instanceof String s) {
          dim.string(2, s);
        } else if (d instanceof Number n) {
          dim.varint(1, n.longValue());
        } else {
          throw new IllegalArgumentException(
              "Dimension of " + valueName + " must be a number or an axis name, got " + d);
        }
        shape.message(1, dim);
      }
      ProtoWriter tensorType = new ProtoWriter().varint(1, type.code).message(2, shape);
      ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
      return new ProtoWriter().string(1, Check.nonBlank("value name", valueName)).message(2, typeProto);
    }
  }
}
