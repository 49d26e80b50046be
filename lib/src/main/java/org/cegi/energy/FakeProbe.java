package org.cegi.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * A scripted probe for tests and demos: draws a power you set ({@link #setPower}), integrated exactly between
 * changes on an injected clock. Method {@code fake}; every result carries a warning that it is not a measurement.
 *
 * <pre>{@code
 * long[] now = {0};
 * FakeProbe gpu = FakeProbe.of(Component.GPU, Power.ofWatts(200), () -> now[0]);
 * now[0] += 2_000_000_000L;                     // 2 s later: 400 J
 * gpu.setPower(Power.ofWatts(50));
 * }</pre>
 */
public final class FakeProbe implements EnergyProbe {
  private final Component component;
  private final LongSupplier clock;
  private final List<String> devices;
  private final List<String> events = new ArrayList<>();
  private long lastT;
  private double watts;
  private double joules;
  private long reads;

  private FakeProbe(Component component, Power power, LongSupplier clock, List<String> devices) {
    this.component = Check.notNull("component", component);
    this.clock = Check.notNull("clock", clock);
    this.devices = List.copyOf(devices);
    this.watts = Check.notNull("power", power).watts();
    this.lastT = clock.getAsLong();
  }

  /** A fake drawing {@code power} from now on. */
  public static FakeProbe of(Component component, Power power, LongSupplier clockNanos) {
    return new FakeProbe(component, power, clockNanos, List.of("fake " + component.label()));
  }

  private void advance() {
    long t = clock.getAsLong();
    if (t > lastT) {
      joules += watts * (t - lastT) / 1e9;
      lastT = t;
    }
  }

  /** Changes the power from now on. */
  public synchronized void setPower(Power power) {
    advance();
    watts = Check.notNull("power", power).watts();
  }

  /** Records an event warning (for example a scripted counter reset) that windows spanning it report. */
  public synchronized void addEvent(String warning) {
    events.add(Check.nonBlank("warning", warning));
  }

  /** @return how many times {@link #read()} was called */
  public synchronized long reads() {
    return reads;
  }

  @Override
  public Component component() {
    return component;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Method method() {
    return Method.FAKE;
  }

  @Override
  public List<String> devices() {
    return devices;
  }

  @Override
  public List<String> warnings() {
    return List.of("Fake " + component.label() + " probe: scripted figures, not a measurement.");
  }

  @Override
  public synchronized ProbeReading read() {
    advance();
    reads++;
    Power p = Power.ofWatts(watts);
    return new ProbeReading(lastT, Energy.ofJoules(joules), p, p, events);
  }

  @Override
  public void close() {}
}
