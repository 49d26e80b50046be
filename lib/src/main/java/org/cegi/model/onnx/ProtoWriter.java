package org.cegi.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffers wire format, written by hand: varints, length-delimited fields and fixed 32-bit floats.
 * Only what {@link OnnxGraph} needs to serialise ONNX messages.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LEN = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] toByteArray() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** An int32/int64/enum field; negative values take ten bytes, as protobuf specifies. */
  ProtoWriter varint(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
    return this;
  }

  ProtoWriter fixed32Float(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToIntBits(value);
    out.write(bits & 0xFF);
    out.write((bits >>> 8) & 0xFF);
    out.write((bits >>> 16) & 0xFF);
    out.write((bits >>> 24) & 0xFF);
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LEN);
    rawVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends the fields already written to another writer. */
  ProtoWriter append(ProtoWriter other) {
    byte[] b = other.toByteArray();
    out.write(b, 0, b.length);
    return this;
  }

  ProtoWriter message(int field, ProtoWriter nested) {
    return bytes(field, nested.toByteArray());
  }
}
