package org.cegi.measure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.energy.Component;
import org.cegi.energy.EnergyProbe;
import org.cegi.energy.Method;
import org.cegi.energy.ProbeReading;
import org.cegi.internal.Check;

/**
 * Power over time as the monitor's sampling thread saw it: for each probe, the average power of each sampling
 * interval, from the difference of two consecutive cumulative energy readings (so the trace integrates to the same
 * energy the windows report, and a counter's trace is as exact as the counter). Each probe keeps its newest
 * {@code capacity} points; older ones are dropped and {@link #truncated()} says so.
 *
 * <pre>{@code
 * PowerTrace t = monitor.powerTrace();
 * Show.chart(EnergyPlots.powerOverTime(t));        // one line per component, its method in the legend
 * double[] w = t.series(Component.CPU).powerW();
 * }</pre>
 */
public final class PowerTrace {
  /** One probe's points: times in s since the monitor started and average power in W of the interval ending there. */
  public record Series(Component component, String probe, Method method, double[] timeS, double[] powerW) {
    public Series {
      Check.notNull("component", component);
      Check.nonBlank("probe", probe);
      Check.notNull("method", method);
      timeS = timeS.clone();
      powerW = powerW.clone();
      if (timeS.length != powerW.length) {
        throw new IllegalArgumentException("timeS and powerW must have the same length, got " + timeS.length
            + " and " + powerW.length);
      }
    }

    @Override
    public double[] timeS() {
      return timeS.clone();
    }

    @Override
    public double[] powerW() {
      return powerW.clone();
    }

    /** @return the number of points */
    public int size() {
      return timeS.length;
    }
  }

  private record Point(double timeS, double powerW) {}

  private static final class Track {
    final EnergyProbe probe;
    final Deque<Point> points = new ArrayDeque<>();
    ProbeReading last;
    boolean truncated;

    Track(EnergyProbe probe) {
      this.probe = probe;
    }
  }

  private final long originNanos;
  private final int capacity;
  private final Map<EnergyProbe, Track> tracks = new LinkedHashMap<>();

  /**
   * @param originNanos the clock value that is time 0 of the trace
   * @param capacity points kept per probe; {@code > 0}
   */
  PowerTrace(long originNanos, int capacity) {
    Check.positive("capacity", capacity);
    this.originNanos = originNanos;
    this.capacity = capacity;
  }

  /** Adds the reading a probe gave at one tick of the sampling thread. */
  synchronized void add(EnergyProbe probe, ProbeReading reading) {
    Track t = tracks.computeIfAbsent(probe, Track::new);
    if (t.last != null && reading.timeNanos() > t.last.timeNanos()) {
      double dt = (reading.timeNanos() - t.last.timeNanos()) / 1e9;
      double watts = reading.energy().minusOrZero(t.last.energy()).joules() / dt;
      t.points.addLast(new Point((reading.timeNanos() - originNanos) / 1e9, watts));
      if (t.points.size() > capacity) {
        t.points.removeFirst();
        t.truncated = true;
      }
    }
    t.last = reading;
  }

  /** @return one series per probe that has points, in the monitor's probe order (a snapshot) */
  public synchronized List<Series> series() {
    List<Series> out = new ArrayList<>();
    for (Track t : tracks.values()) {
      if (t.points.isEmpty()) {
        continue;
      }
      double[] ts = new double[t.points.size()];
      double[] ws = new double[t.points.size()];
      int i = 0;
      for (Point p : t.points) {
        ts[i] = p.timeS();
        ws[i++] = p.powerW();
      }
      out.add(new Series(t.probe.component(), t.probe.name(), t.probe.method(), ts, ws));
    }
    return out;
  }

  /**
   * The series of the first probe of a component.
   *
   * @throws IllegalArgumentException when no probe of that component has points yet
   */
  public Series series(Component component) {
    return series().stream().filter(s -> s.component() == component).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("The power trace has no " + component + " points: the"
            + " monitor has no " + component + " probe, or its sampling thread has not ticked twice yet."));
  }

  /** @return true when old points were dropped to keep at most the capacity per probe */
  public synchronized boolean truncated() {
    return tracks.values().stream().anyMatch(t -> t.truncated);
  }

  /** @return the points kept per probe */
  public int capacity() {
    return capacity;
  }
}
