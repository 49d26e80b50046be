package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final long[] now = {0};

  private String[] lines() {
    String s = bytes.toString(StandardCharsets.UTF_8).strip();
    return s.isEmpty() ? new String[0] : s.split("\n");
  }

  @Test
  void printsAtMostEveryTwoSecondsThenAFinalLine() {
    try (Progress p = new Progress("multiply", 4, () -> now[0], out)) {
      for (int i = 0; i < 4; i++) {
        now[0] += 1_500_000_000L;
        p.step();
      }
    }
    assertThat(lines()).containsExactly("multiply: 2/4 (50 %), 3.0 s, about 3.0 s left",
        "multiply: done 4/4 in 6.0 s");
  }

  @Test
  void quickWorkPrintsOnlyTheFinalLineAndAnEarlyCloseSaysSo() {
    try (Progress p = new Progress("sort", 10, () -> now[0], out)) {
      p.step(3);
    }
    assertThat(lines()).containsExactly("sort: stopped at 3/10 after 0.0 s");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> Progress.of("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total");
  }

  @Test
  void keepClosesThePreviousResourceOfTheSameName() throws Exception {
    AtomicInteger closed = new AtomicInteger();
    AutoCloseable first = closed::incrementAndGet;
    AutoCloseable second = closed::incrementAndGet;
    assertThat(Notebook.keep("progress-test", first)).isSameAs(first);
    assertThat(closed).hasValue(0);
    assertThat(Notebook.keep("progress-test", second)).isSameAs(second);
    assertThat(closed).hasValue(1);
    Notebook.release("progress-test");
    assertThat(closed).hasValue(2);
    Notebook.release("progress-test");
    assertThat(closed).hasValue(2);
  }
}
