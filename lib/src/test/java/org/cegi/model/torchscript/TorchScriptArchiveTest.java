package org.cegi.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.cegi.model.torchscript.TorchScriptArchive.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptArchiveTest {
  @TempDir Path dir;

  private static NDList run(Path file, NDList inputs) throws Exception {
    String stem = file.getFileName().toString().replace(".pt", "");
    try (Model m = Model.newInstance(stem, Device.cpu(), "PyTorch")) {
      m.load(file.getParent(), stem);
      NDManager mg = m.getNDManager();
      NDList in = new NDList();
      for (var a : inputs) {
        in.add(mg.create(a.toFloatArray(), a.getShape()));
      }
      NDList out = m.getBlock().forward(new ParameterStore(mg, false), in, false);
      NDList copy = new NDList();
      NDManager keep = NDManager.newBaseManager("PyTorch");
      for (var a : out) {
        copy.add(keep.create(a.toType(DataType.FLOAT32, false).toFloatArray(), a.getShape()));
      }
      return copy;
    }
  }

  @Test
  void aMatmulModuleLoadsInPyTorchAndComputes() throws Exception {
    Path f = TorchScriptArchive.module("Lin")
        .parameter("w", Tensor.floats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}))
        .buffer("b", Tensor.floats(new long[] {3}, new float[] {10, 20, 30}))
        .method("def forward(self: __torch__.Lin,\n    x: Tensor) -> Tuple[Tensor, Tensor]:\n"
            + "  y = torch.add(torch.matmul(x, self.w), self.b)\n  return (y, torch.mul(y, 2.0))\n")
        .writeTo(dir.resolve("lin.pt"));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList out = run(f, new NDList(m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2))));
      assertThat(out).hasSize(2);
      assertThat(out.get(0).toFloatArray()).containsExactly(11, 22, 33, 14, 25, 36);
      assertThat(out.get(1).toFloatArray()).containsExactly(22, 44, 66, 28, 50, 72);
    }
  }

  @Test
  void halfBfloatAndInt8TensorsKeepTheirValues() throws Exception {
    float[] v = {0.5f, -1.25f, 3f, 1024f};
    Path f = TorchScriptArchive.module("Types")
        .parameter("h", Tensor.halfs(new long[] {4}, v))
        .parameter("bf", Tensor.bfloat16s(new long[] {4}, v))
        .parameter("q", Tensor.int8s(new long[] {4}, new byte[] {1, -2, 127, -127}))
        .parameter("big", Tensor.longs(new long[] {1}, new long[] {5_000_000_000L}))
        .method("def forward(self: __torch__.Types,\n    x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:\n"
            + "  return (torch.to(self.h, 6), torch.to(self.bf, 6), torch.to(self.q, 6), torch.to(self.big, 7))\n")
        .writeTo(dir.resolve("types.pt"));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDList out = run(f, new NDList(m.create(new float[] {0}, new Shape(1))));
      assertThat(out.get(0).toFloatArray()).containsExactly(v);
      assertThat(out.get(1).toFloatArray()).containsExactly(v);
      assertThat(out.get(2).toFloatArray()).containsExactly(1, -2, 127, -127);
      assertThat(out.get(3).toFloatArray()).containsExactly(5e9f);
    }
  }

  @Test
  void entriesAreStoredAlignedAndNamedAsTorchJitSaveNamesThem() throws Exception {
    Path f = TorchScriptArchive.module("Lin")
        .parameter("w", Tensor.floats(new long[] {3}, new float[] {1, 2, 3}))
        .method("def forward(self: __torch__.Lin,\n    x: Tensor) -> Tensor:\n  return torch.mul(x, self.w)\n")
        .writeTo(dir.resolve("lin.pt"));
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(f.toFile())) {
      z.stream().forEach(e -> names.add(e.getName()));
      assertThat(new String(z.getInputStream(z.getEntry("lin/code/__torch__.py")).readAllBytes(),
          StandardCharsets.UTF_8)).contains("class Lin(Module):", "__parameters__ = [\"w\", ]", "training : bool");
    }
    assertThat(names).containsExactly("lin/data.pkl", "lin/code/__torch__.py", "lin/constants.pkl", "lin/data/0",
        "lin/version", "lin/byteorder");
    // Walk the local headers: every entry's data starts on a 64-byte boundary, stored uncompressed.
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    for (int i = 0; i < names.size(); i++) {
      assertThat(b.getInt(at)).isEqualTo(0x04034b50);
      assertThat(b.getShort(at + 8)).as("method").isEqualTo((short) 0);
      int size = b.getInt(at + 18);
      int data = at + 30 + b.getShort(at + 26) + b.getShort(at + 28);
      assertThat(data % TorchScriptArchive.ALIGNMENT).as(names.get(i)).isZero();
      at = data + size;
    }
    byte[] again = Files.readAllBytes(TorchScriptArchive.module("Lin")
        .parameter("w", Tensor.floats(new long[] {3}, new float[] {1, 2, 3}))
        .method("def forward(self: __torch__.Lin,\n    x: Tensor) -> Tensor:\n  return torch.mul(x, self.w)\n")
        .writeTo(dir.resolve("sub/lin.pt")));
    assertThat(again).as("same module, same bytes").isEqualTo(Files.readAllBytes(f));
  }

  @Test
  void badNamesAndShapesFailWithTheValue() {
    assertThatThrownBy(() -> TorchScriptArchive.module("2Lin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class name '2Lin' is not usable");
    assertThatThrownBy(() -> TorchScriptArchive.module("Lin").parameter("training", Tensor.floats(new long[] {1},
        new float[] {1}))).hasMessageContaining("attribute name 'training' is not usable");
    assertThatThrownBy(() -> TorchScriptArchive.module("Lin").parameter("a-b", Tensor.floats(new long[] {1},
        new float[] {1}))).hasMessageContaining("'a-b'");
    assertThatThrownBy(() -> TorchScriptArchive.module("Lin")
        .parameter("w", Tensor.floats(new long[] {1}, new float[] {1}))
        .buffer("w", Tensor.floats(new long[] {1}, new float[] {1})))
        .hasMessageContaining("attribute w is already defined in class Lin");
    assertThatThrownBy(() -> Tensor.floats(new long[] {2, 2}, new float[] {1, 2, 3}))
        .hasMessageContaining("shape [2, 2] and FLOAT32 needs 16 bytes, got 12");
    assertThatThrownBy(() -> TorchScriptArchive.module("Lin").writeTo(dir.resolve("x.pt")))
        .hasMessageContaining("class Lin has no method");
  }

  @Test
  void aSourceErrorFailsAtLoadNamingTheFile() {
    Path f = TorchScriptArchive.module("Bad")
        .parameter("w", Tensor.floats(new long[] {1}, new float[] {1}))
        .method("def forward(self: __torch__.Bad,\n    x: Tensor) -> Tensor:\n  return torch.no_such_op(x)\n")
        .writeTo(dir.resolve("bad.pt"));
    assertThatThrownBy(() -> run(f, new NDList())).hasMessageContaining("no_such_op");
  }
}
