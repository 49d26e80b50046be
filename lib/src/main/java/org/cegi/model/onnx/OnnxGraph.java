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
 * protobuf format by hand (no protobuf library). Enough to build decoder-only language models; tensors are
 * stored inline ({@code raw_data}), so models must stay below 2 GiB.
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
      ProtoWriter w = new ProtoWriter();
      for (long d : dims) {
        w.varint(1, d);
      }
      w.varint(2, type.code);
      if (!name.isEmpty()) {
        w.string(8, name);
      }
      w.bytes(9, raw);
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

  private final byte[] bytes;
  private final int nodeCount;

  private OnnxGraph(byte[] bytes, int nodeCount) {
    this.bytes = bytes;
    this.nodeCount = nodeCount;
  }

  /** Starts a graph with the given name. Add at least one opset import. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The serialised {@code ModelProto}. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Number of nodes in the graph. */
  public int nodeCount() {
    return nodeCount;
  }

  /** Writes the model file, creating parent folders. */
  public void writeTo(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /** Collects the parts of a graph; {@link #build()} serialises them. */
  public static final class Builder {
    private final String name;
    private final Map<String, Integer> opsets = new LinkedHashMap<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, Boolean> names = new LinkedHashMap<>();
    private final java.util.Set<String> defined = new java.util.HashSet<>();
    private String producer = "cegi";
    private int counter;

    private Builder(String name) {
      this.name = Check.nonBlank("graph name", name);
    }

    /** Imports an operator set: domain {@code ""} is the default ONNX domain. */
    public Builder opset(String domain, int version) {
      opsets.put(Check.notNull("domain", domain), version);
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
      initializers.add(t.proto());
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

    /** Serialises the model. */
    public OnnxGraph build() {
      if (opsets.isEmpty()) {
        throw new IllegalStateException("Graph " + name + " imports no opset: call opset(\"\", 17) first");
      }
      ProtoWriter graph = new ProtoWriter();
      for (ProtoWriter n : nodes) {
        graph.message(1, n);
      }
      graph.string(2, name);
      for (ProtoWriter t : initializers) {
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
      return new OnnxGraph(model.toByteArray(), nodes.size());
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
