package org.cegi.notebook;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * A progress line for long cells that works everywhere, headless runs included: plain text lines on standard
 * output ({@code multiply: 12/40 (30 %), 4.1 s, about 9.6 s left}), at most one every two seconds, and a final
 * line when it closes. No carriage returns or widgets, so executed notebooks and their HTML read the same.
 *
 * <pre>{@code
 * try (Progress p = Progress.of("multiply", repetitions)) {
 *   for (int i = 0; i < repetitions; i++) {
 *     multiply(a, b);
 *     p.step();
 *   }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
  /** Least time between two progress lines, in ns. */
  static final long INTERVAL_NANOS = 2_000_000_000L;

  private final String label;
  private final long total;
  private final LongSupplier clock;
  private final PrintStream out;
  private final long start;
  private long done;
  private long lastPrinted;
  private boolean closed;

  Progress(String label, long total, LongSupplier clockNanos, PrintStream out) {
    this.label = Check.nonBlank("label", label);
    this.total = Check.positive("total", total);
    this.clock = Check.notNull("clockNanos", clockNanos);
    this.out = Check.notNull("out", out);
    this.start = clock.getAsLong();
    this.lastPrinted = start;
  }

  /**
   * A progress line for {@code total} steps.
   *
   * @param label what is being done ({@code "multiply"})
   * @param total the number of steps, {@code > 0}
   */
  public static Progress of(String label, long total) {
    return new Progress(label, total, System::nanoTime, System.out);
  }

  /** One step done. */
  public void step() {
    step(1);
  }

  /** {@code n} steps done; prints a line if two seconds have passed since the last one. */
  public synchronized void step(long n) {
    Check.nonNegative("steps", n);
    done = Math.min(total, done + n);
    long now = clock.getAsLong();
    if (!closed && now - lastPrinted >= INTERVAL_NANOS && done < total) {
      lastPrinted = now;
      out.println(line(now));
    }
  }

  /** @return steps done so far */
  public synchronized long done() {
    return done;
  }

  synchronized String line(long now) {
    double s = (now - start) / 1e9;
    String base = String.format(Locale.ROOT, "%s: %d/%d (%d %%), %.1f s", label, done, total,
        Math.round(100.0 * done / total), s);
    if (done > 0 && done < total) {
      base += String.format(Locale.ROOT, ", about %.1f s left", s / done * (total - done));
    }
    return base;
  }

  /** Prints the final line: {@code "multiply: done 40/40 in 13.2 s"} (or how far it got). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    double s = (clock.getAsLong() - start) / 1e9;
    out.println(done >= total
        ? String.format(Locale.ROOT, "%s: done %d/%d in %.1f s", label, done, total, s)
        : String.format(Locale.ROOT, "%s: stopped at %d/%d after %.1f s", label, done, total, s));
  }
}
