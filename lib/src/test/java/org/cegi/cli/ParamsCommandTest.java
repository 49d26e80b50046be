package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cegi.index.LoraTarget;
import org.cegi.index.ModelShape;
import org.cegi.index.TestSafetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamsCommandTest {
  @TempDir Path tmp;

  private Path llama1b() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("llama"));
    try (var in = getClass().getResourceAsStream("/org/cegi/index/configs/llama-3.2-1b.json")) {
      Files.copy(in, dir.resolve("config.json"));
    }
    return dir.resolve("config.json");
  }

  @Test
  void countsFromAConfig() throws Exception {
    Path cfg = llama1b();
    CliRun r = CliRun.of("params", "--config", cfg.toString(), "--rank", "16", "--targets", "all-linear");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("trainable_params  11272192 (11,272,192; 11.27 M)")
        .contains("hidden 2048, intermediate 8192, heads 32, kv heads 8, head_dim 64, layers 16");
    assertThat(r.out().lines().filter(l -> l.startsWith("k_proj")).findFirst().orElseThrow())
        .contains("2048", "512", String.format("%,d", 16 * (2048 + 512)));
    CliRun qv = CliRun.of("params", cfg.toString(), "-r", "8", "-t", "q_proj,v_proj");
    assertThat(qv.out()).contains("trainable_params  " + 16L * 8 * ((2048 + 2048) + (2048 + 512)) + " ");
    CliRun dir = CliRun.of("params", cfg.getParent().toString());
    assertThat(dir.out()).contains("trainable_params  11272192 ");
  }

  @Test
  void countsFromAnAdapterFile() throws Exception {
    ModelShape shape = ModelShape.fromConfig(llama1b());
    Path f = TestSafetensors.write(tmp.resolve("adapter_model.safetensors"),
        TestSafetensors.loraTensors(shape, 16, List.copyOf(LoraTarget.ALL_LINEAR)));
    CliRun r = CliRun.of("params", "--adapter", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("lora_tensors      224").contains("trainable_params  11272192 ");
    assertThat(CliRun.of("params", f.toString()).out()).contains("trainable_params  11272192 ");
  }

  @Test
  void badInputsExitNonZeroWithAClearMessage() throws Exception {
    CliRun none = CliRun.of("params");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("cegi params: give exactly one of --config FILE, --adapter FILE or a FILE argument");
    Path broken = Files.write(tmp.resolve("broken.safetensors"), new byte[] {1, 0, 0});
    CliRun bad = CliRun.of("params", "--adapter", broken.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Malformed safetensors file " + broken + ": it is 3 bytes long");
    CliRun targets = CliRun.of("params", llama1b().toString(), "--targets", "qkv");
    assertThat(targets.err()).contains("targets: unknown module \"qkv\"");
    CliRun missing = CliRun.of("params", "--config", tmp.resolve("nope.json").toString());
    assertThat(missing.err()).contains("does not exist");
  }
}
