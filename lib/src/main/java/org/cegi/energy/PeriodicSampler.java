package org.cegi.energy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.cegi.internal.Check;

/**
 * A daemon thread that runs an action at a fixed rate until closed: the sampling clock of
 * {@link PowerIntegrator} and of the energy monitor. Ticks are scheduled against {@link System#nanoTime()}
 * (no drift); after a stall it resumes one interval from now instead of firing a burst. An action that throws
 * skips that tick only: the probes record their own failures as warnings on their readings.
 *
 * <pre>{@code
 * try (PeriodicSampler s = PeriodicSampler.start("cegi-power-sampler", Duration.ofMillis(100), probe::sample)) {
 *   work();
 * }
 * }</pre>
 */
public final class PeriodicSampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean closed;

  private PeriodicSampler(String name, long intervalNanos, Runnable action) {
    thread = new Thread(() -> loop(intervalNanos, action), name);
    thread.setDaemon(true);
  }

  /**
   * Starts sampling.
   *
   * @param name the thread's name
   * @param interval time between ticks; {@code > 0}
   * @param action what to run at each tick
   */
  public static PeriodicSampler start(String name, Duration interval, Runnable action) {
    Check.nonBlank("name", name);
    Check.notNull("action", action);
    long nanos = Check.notNull("interval", interval).toNanos();
    Check.positive("interval_ns", nanos);
    PeriodicSampler s = new PeriodicSampler(name, nanos, action);
    s.thread.start();
    return s;
  }

  private void loop(long intervalNanos, Runnable action) {
    long next = System.nanoTime() + intervalNanos;
    while (!closed) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
        continue;
      }
      try {
        action.run();
      } catch (RuntimeException e) {
        // skip this tick; the probe has recorded the failure on its own readings
      }
      next += intervalNanos;
      if (next < System.nanoTime()) {
        next = System.nanoTime() + intervalNanos;
      }
    }
  }

  /** @return the sampling thread's id (to read its CPU time in benchmarks) */
  public long threadId() {
    return thread.getId();
  }

  /** CPU time the sampling thread has used so far, in ns (0 where the JVM cannot tell). */
  public long cpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return 0;
    }
    return Math.max(0, mx.getThreadCpuTime(thread.getId()));
  }

  /** Stops the thread and waits for it (at most 2 s). */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
