package org.cegi.measure;

import java.time.Instant;
import java.util.List;
import org.cegi.energy.ProbeReading;

/**
 * An open measurement window; {@link #end()} (or {@link #close()}) finishes it. Obtain one from
 * {@link EnergyMonitor#begin(String)}:
 *
 * <pre>{@code
 * try (Window w = monitor.begin("decode")) {
 *   decode();
 * }
 * Measurement m = monitor.last("decode").orElseThrow();
 * }</pre>
 */
public final class Window implements AutoCloseable {
  private final EnergyMonitor monitor;
  private final String name;
  private final Instant started;
  private final long startNanos;
  private final List<ProbeReading> start;
  final EnergyMonitor.Eco2aiAccount eco2ai;
  private Measurement result;
  private boolean abandoned;

  Window(EnergyMonitor monitor, String name, Instant started, long startNanos, List<ProbeReading> start,
      EnergyMonitor.Eco2aiAccount eco2ai) {
    this.monitor = monitor;
    this.name = name;
    this.started = started;
    this.startNanos = startNanos;
    this.start = start;
    this.eco2ai = eco2ai;
  }

  /** @return the window's name */
  public String name() {
    return name;
  }

  Instant started() {
    return started;
  }

  long startNanos() {
    return startNanos;
  }

  List<ProbeReading> startReadings() {
    return start;
  }

  synchronized void abandon() {
    if (result == null) {
      abandoned = true;
    }
  }

  /** @return whether the window is still open */
  public synchronized boolean isOpen() {
    return result == null && !abandoned;
  }

  /**
   * Ends the window and returns its measurement; calling it again returns the same measurement.
   *
   * @throws IllegalStateException when a window of the same name was begun again before this one ended
   */
  public synchronized Measurement end() {
    return end(List.of());
  }

  synchronized Measurement end(List<String> extraWarnings) {
    if (result != null) {
      return result;
    }
    if (abandoned) {
      throw new IllegalStateException("Window \"" + name + "\" was restarted by a later begin(\"" + name
          + "\") before it ended, so it has no measurement: end the newer window instead.");
    }
    result = monitor.finish(this, extraWarnings);
    return result;
  }

  /** Ends the window (ignored if it already ended or was restarted). */
  @Override
  public void close() {
    synchronized (this) {
      if (abandoned || result != null) {
        return;
      }
    }
    end();
  }
}
