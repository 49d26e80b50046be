package org.cegi.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsHeaderTest {
  @TempDir Path tmp;

  @Test
  void readsNamesShapesOffsetsAndMetadata() {
    Map<String, long[]> t = new LinkedHashMap<>();
    t.put("a.lora_A.weight", new long[] {16, 896});
    t.put("a.lora_B.weight", new long[] {128, 16});
    t.put("scalar", new long[] {});
    Path f = TestSafetensors.write(tmp.resolve("x.safetensors"), t);
    SafetensorsHeader h = SafetensorsHeader.read(f);
    assertThat(h.tensors().keySet()).containsExactly("a.lora_A.weight", "a.lora_B.weight", "scalar");
    SafetensorsHeader.Tensor a = h.tensors().get("a.lora_A.weight");
    assertThat(a.dtype()).isEqualTo("BF16");
    assertThat(a.shape()).containsExactly(16L, 896L);
    assertThat(a.elementCount()).isEqualTo(16 * 896);
    assertThat(a.begin()).isZero();
    assertThat(a.end()).isEqualTo(2L * 16 * 896);
    assertThat(h.tensors().get("scalar").elementCount()).isEqualTo(1);
    assertThat(h.metadata()).containsEntry("format", "pt");
    assertThat(h.file()).isEqualTo(f.toString());
  }

  @Test
  void failsOnATooShortFile() throws Exception {
    Path f = Files.write(tmp.resolve("short.safetensors"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsHeader.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed safetensors file " + f + ": it is 3 bytes long, shorter than the 8-byte header length");
  }

  @Test
  void failsOnAHeaderLengthBeyondTheFile() {
    byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
    Path f = TestSafetensors.writeWithLength(tmp.resolve("long.safetensors"), 1_000_000, h, 0);
    assertThatThrownBy(() -> SafetensorsHeader.read(f))
        .hasMessage("Malformed safetensors file " + f + ": its header length is 1000000 bytes, but must be between"
            + " 1 and 2 (file size 10 bytes)");
    Path neg = TestSafetensors.writeWithLength(tmp.resolve("neg.safetensors"), -5, h, 0);
    assertThatThrownBy(() -> SafetensorsHeader.read(neg))
        .hasMessageStartingWith("Malformed safetensors file " + neg + ": its header length is -5 bytes");
  }

  @Test
  void failsOnAHeaderThatIsNotJson() {
    Path f = TestSafetensors.writeRaw(tmp.resolve("bad.safetensors"), "{\"a\": {\"dtype\": ", 0);
    assertThatThrownBy(() -> SafetensorsHeader.read(f))
        .hasMessageStartingWith("Malformed safetensors file " + f + ": its header is not valid JSON");
    Path arr = TestSafetensors.writeRaw(tmp.resolve("arr.safetensors"), "[1,2]", 0);
    assertThatThrownBy(() -> SafetensorsHeader.read(arr))
        .hasMessage("Malformed safetensors file " + arr + ": its header is not a JSON object: [1,2]");
  }

  @Test
  void failsOnInconsistentTensorEntries() {
    Path missing = TestSafetensors.writeRaw(tmp.resolve("m.safetensors"),
        "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4);
    assertThatThrownBy(() -> SafetensorsHeader.read(missing))
        .hasMessage("Malformed safetensors file " + missing + ": tensor \"w\" has no \"shape\"");
    Path truncated = TestSafetensors.writeRaw(tmp.resolve("t.safetensors"),
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 8);
    assertThatThrownBy(() -> SafetensorsHeader.read(truncated))
        .hasMessage("Malformed safetensors file " + truncated + ": tensor \"w\" has data_offsets [0, 16] outside"
            + " the 8 data bytes after the header (truncated file?)");
    Path sizes = TestSafetensors.writeRaw(tmp.resolve("s.safetensors"),
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", 16);
    assertThatThrownBy(() -> SafetensorsHeader.read(sizes))
        .hasMessage("Malformed safetensors file " + sizes + ": tensor \"w\" of dtype F32 and shape [2, 3] needs 24"
            + " bytes, but its data_offsets span 16");
    Path neg = TestSafetensors.writeRaw(tmp.resolve("n.safetensors"),
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,0]}}", 0);
    assertThatThrownBy(() -> SafetensorsHeader.read(neg))
        .hasMessage("Malformed safetensors file " + neg + ": tensor \"w\" has a shape entry -2 that is not a whole"
            + " number >= 0");
  }
}
