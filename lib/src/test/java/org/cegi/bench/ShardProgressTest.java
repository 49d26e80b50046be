package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardProgressTest {
  @Test
  void shardsParseAndReadSlurm() {
    assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
    assertThat(Shard.parse("2/4").suffix()).isEqualTo(".shard-2-of-4");
    assertThat(Shard.ALL.suffix()).isEmpty();
    assertThat(new Shard(1, 3).owns(4)).isTrue();
    assertThat(new Shard(1, 3).owns(5)).isFalse();
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessage("Shard 4/4 is invalid: use I/N with 0 <= I < N"
        + " (0-based, as SLURM_ARRAY_TASK_ID with --array=0-3).");
    assertThatThrownBy(() -> Shard.parse("one")).hasMessage("Shard \"one\" is not I/N (e.g. 0/4, 0-based).");
    assertThat(Shard.fromEnvironment(Map.of())).isEqualTo(Shard.ALL);
    assertThat(Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4")))
        .isEqualTo(new Shard(3, 4));
    assertThat(Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "4",
        "SLURM_ARRAY_TASK_MIN", "1"))).isEqualTo(new Shard(3, 4));
  }

  @Test
  void progressShowsDoneRateAndEta() {
    AtomicLong t = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, 2, false, t::get, 5);
    t.set(2_000_000_000L);
    p.advance(2);
    assertThat(p.line()).isEqualTo("[########------------] 4/10 items (2 resumed)  1.00 items/s  ETA 6 s");
    t.set(3_000_000_000L);
    p.advance(1);
    t.set(8_000_000_000L);
    p.advance(4);
    t.set(9_000_000_000L);
    p.advance(1);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.lines()).containsExactly(
        "[########------------] 4/10 items (2 resumed)  1.00 items/s  ETA 6 s",
        "[##################--] 9/10 items (2 resumed)  0.88 items/s  ETA 1 s",
        "[####################] 10/10 items (2 resumed)  0.89 items/s  ETA 0 s");
  }
}
