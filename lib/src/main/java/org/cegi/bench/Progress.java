package org.cegi.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar: items done of total, rate and time left. In a terminal it redraws one line ({@code \r}); in a
 * notebook or a log (no console) it prints a line at most every {@code interval} and at the end.
 */
public final class Progress {
  private final PrintStream out;
  private final boolean redraw;
  private final long total;
  private final long skipped;
  private final LongSupplier clock;
  private final long start;
  private final long intervalNanos;
  private long done;
  private long lastPrint = Long.MIN_VALUE;

  /**
   * @param total items of this run (resumed ones included)
   * @param skipped items already done before this start
   * @param redraw redraw one line (a terminal) rather than print lines
   */
  public Progress(PrintStream out, long total, long skipped, boolean redraw, LongSupplier clockNanos,
      double intervalS) {
    this.out = out;
    this.total = total;
    this.skipped = skipped;
    this.redraw = redraw;
    this.clock = clockNanos;
    this.start = clockNanos.getAsLong();
    this.intervalNanos = (long) (intervalS * 1e9);
    this.done = skipped;
  }

  /** A bar on standard output: redrawn in a terminal, a line every 5 s elsewhere. */
  public static Progress console(long total, long skipped) {
    return new Progress(System.out, total, skipped, System.console() != null, System::nanoTime, 5);
  }

  /** A bar that prints nothing. */
  public static Progress silent(long total, long skipped) {
    return new Progress(new PrintStream(PrintStream.nullOutputStream()), total, skipped, false, System::nanoTime,
        1e9);
  }

  /** Counts {@code n} more items done and redraws when due. */
  public synchronized void advance(int n) {
    done += n;
    long now = clock.getAsLong();
    if (redraw || done >= total || lastPrint == Long.MIN_VALUE || now - lastPrint >= intervalNanos) {
      lastPrint = now;
      out.print((redraw ? "\r" : "") + line(now) + (redraw ? "" : "\n"));
      if (redraw && done >= total) {
        out.println();
      }
      out.flush();
    }
  }

  /** The current line, e.g. {@code [#####-----] 12/24 items  0.8 items/s  ETA 15 s}. */
  public synchronized String line() {
    return line(clock.getAsLong());
  }

  private String line(long now) {
    double s = (now - start) / 1e9;
    long fresh = done - skipped;
    double rate = s > 0 ? fresh / s : 0;
    double eta = rate > 0 ? (total - done) / rate : Double.NaN;
    int width = 20;
    int filled = total == 0 ? width : (int) Math.min(width, Math.round(width * (double) done / total));
    return String.format(Locale.ROOT, "[%s%s] %d/%d items%s  %.2f items/s  ETA %s", "#".repeat(filled),
        "-".repeat(width - filled), done, total, skipped > 0 ? " (" + skipped + " resumed)" : "", rate,
        Double.isNaN(eta) ? "?" : eta < 90 ? String.format(Locale.ROOT, "%.0f s", eta)
            : String.format(Locale.ROOT, "%.1f min", eta / 60));
  }
}
