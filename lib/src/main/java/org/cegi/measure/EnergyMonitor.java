package org.cegi.measure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.cegi.energy.Component;
import org.cegi.energy.ComponentEnergy;
import org.cegi.energy.CpuTdp;
import org.cegi.energy.Energy;
import org.cegi.energy.EnergyProbe;
import org.cegi.energy.EnergyProbes;
import org.cegi.energy.PeriodicSampler;
import org.cegi.energy.Power;
import org.cegi.energy.ProbeReading;
import org.cegi.energy.ProcessStats;
import org.cegi.energy.RamProbe;
import org.cegi.energy.TdpMatch;
import org.cegi.internal.Check;

/**
 * Measures named windows over a set of energy probes. Windows may nest and overlap (each keeps its own start
 * readings); beginning a window whose name is already open restarts it (a notebook cell that failed half way can
 * simply be run again). A daemon thread samples the probes (default every 100 ms) so that integrating probes
 * and counter-wrap detection see enough readings.
 *
 * <pre>{@code
 * try (EnergyMonitor monitor = EnergyMonitor.builder()
 *     .forThisProcess()                    // NVML if a driver is present, RAPL or the CPU estimate, RAM
 *     .baselineDuration(Duration.ofSeconds(5))
 *     .eco2aiCompatible(true)
 *     .start()) {
 *   try (Window w = monitor.begin("decode")) {
 *     model.generate(prompt);
 *   }
 *   Measurement m = monitor.last("decode").orElseThrow();
 *   Measurement n = monitor.measure("prefill", () -> model.prefill(prompt));
 * }
 * }</pre>
 */
public final class EnergyMonitor implements AutoCloseable {
  /** Eco2AI's measurement period. */
  public static final Duration ECO2AI_PERIOD = Duration.ofSeconds(10);

  private final List<EnergyProbe> probes;
  private final boolean ownsProbes;
  private final LongSupplier clock;
  private final Clock wall;
  private final Consumer<Duration> sleeper;
  private final List<String> warnings;
  private final Eco2aiInputs eco2ai;
  private final Map<String, Window> open = new LinkedHashMap<>();
  private final List<Measurement> history = new ArrayList<>();
  private volatile Baseline baseline;
  private volatile boolean closed;
  private PeriodicSampler sampler;
  private final PowerTrace trace;

  private EnergyMonitor(Builder b) {
    this.probes = List.copyOf(b.probes);
    this.ownsProbes = b.ownsProbes;
    this.clock = b.clock;
    this.wall = b.wall;
    this.sleeper = b.sleeper;
    this.warnings = List.copyOf(b.warnings);
    this.baseline = b.baseline;
    this.eco2ai = b.eco2aiEnabled ? b.eco2aiInputs() : null;
    this.trace = new PowerTrace(clock.getAsLong(), b.tracePoints);
  }

  /** Options for a monitor. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of an {@link EnergyMonitor}. */
  public static final class Builder {
    private final List<EnergyProbe> probes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean ownsProbes;
    private LongSupplier clock = System::nanoTime;
    private Clock wall = Clock.systemUTC();
    private Consumer<Duration> sleeper = d -> LockSupport.parkNanos(d.toNanos());
    private Duration samplingInterval = Duration.ofMillis(100);
    private int tracePoints = 36_000;
    private boolean sampling = true;
    private Duration baselineDuration = Duration.ZERO;
    private Baseline baseline = Baseline.none();
    private boolean eco2aiEnabled;
    private ProcessStats eco2aiStats;
    private TdpMatch eco2aiTdp;
    private int eco2aiCpus;
    private double ramWattsPerGb = RamProbe.ECO2AI_W_PER_GB;

    private Builder() {}

    /** Adds a probe (the caller closes it). */
    public Builder probe(EnergyProbe probe) {
      probes.add(Check.notNull("probe", probe));
      return this;
    }

    /**
     * Adds the probes that fit this machine for this JVM (NVML, RAPL or the CPU estimate, RAM); the monitor
     * closes them. Without a GPU driver the reason is recorded as a warning on every measurement.
     */
    public Builder forThisProcess() {
      probes.addAll(EnergyProbes.forThisProcess(warnings));
      ownsProbes = true;
      return this;
    }

    /** Whether {@link EnergyMonitor#close()} also closes the probes (default: only those it opened itself). */
    public Builder closeProbes(boolean close) {
      this.ownsProbes = close;
      return this;
    }

    /** A warning every measurement carries (for example why a component is missing). */
    public Builder warning(String warning) {
      warnings.add(Check.nonBlank("warning", warning));
      return this;
    }

    /** Time source in ns (tests inject one). */
    public Builder clock(LongSupplier clockNanos) {
      this.clock = Check.notNull("clock", clockNanos);
      return this;
    }

    /** Wall clock for start times (tests inject one). */
    public Builder wallClock(Clock wall) {
      this.wall = Check.notNull("wall", wall);
      return this;
    }

    /** How the baseline waits (tests inject one that advances their clock). */
    public Builder sleeper(Consumer<Duration> sleeper) {
      this.sleeper = Check.notNull("sleeper", sleeper);
      return this;
    }

    /** Probe sampling interval, > 0 and at most 1 s; default 100 ms. */
    public Builder samplingInterval(Duration interval) {
      if (interval.isZero() || interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("sampling interval must be > 0 and <= 1 s, got " + interval
            + ": use 100 ms (10 Hz).");
      }
      this.samplingInterval = interval;
      return this;
    }

    /**
     * Points of the power trace kept per probe (default 36,000: one hour at 10 Hz); older points are dropped.
     * See {@link EnergyMonitor#powerTrace()}.
     */
    public Builder tracePoints(int points) {
      Check.positive("tracePoints", points);
      this.tracePoints = points;
      return this;
    }

    /** Whether a sampling thread runs (default true); without it call {@link EnergyMonitor#sampleNow()}. */
    public Builder sampling(boolean sampling) {
      this.sampling = sampling;
      return this;
    }

    /** Measure idle power for this long when the monitor starts (default 0: no baseline). */
    public Builder baselineDuration(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("baseline duration must be >= 0, got " + d);
      }
      this.baselineDuration = d;
      return this;
    }

    /** Use a known baseline instead of measuring one. */
    public Builder baseline(Baseline baseline) {
      this.baseline = Check.notNull("baseline", baseline);
      return this;
    }

    /** Also compute Eco2AI-compatible figures for every window (this JVM, Eco2AI's TDP table). */
    public Builder eco2aiCompatible(boolean enabled) {
      this.eco2aiEnabled = enabled;
      return this;
    }

    /**
     * Eco2AI-compatible figures for explicit inputs (a command's process tree, a test's stats).
     *
     * @param stats whose CPU time and RSS count
     * @param tdp the TDP Eco2AI would use ({@link CpuTdp#lookupEco2ai})
     * @param logicalCpus logical CPUs the TDP is shared by
     */
    public Builder eco2aiCompatible(ProcessStats stats, TdpMatch tdp, int logicalCpus) {
      this.eco2aiEnabled = true;
      this.eco2aiStats = Check.notNull("stats", stats);
      this.eco2aiTdp = Check.notNull("tdp", tdp);
      this.eco2aiCpus = (int) Check.positive("logicalCpus", logicalCpus);
      return this;
    }

    /** W per GB of resident memory for the Eco2AI-compatible RAM figure; default 0.375. */
    public Builder ramWattsPerGb(double w) {
      this.ramWattsPerGb = Check.nonNegative("ram_w_per_gb", w);
      return this;
    }

    Eco2aiInputs eco2aiInputs() {
      if (eco2aiStats != null) {
        return new Eco2aiInputs(eco2aiStats, eco2aiTdp, eco2aiCpus, ramWattsPerGb);
      }
      java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
      String model = CpuTdp.cpuModelName(cpuinfo).orElse("unknown CPU");
      return new Eco2aiInputs(ProcessStats.self(), CpuTdp.bundled().lookupEco2ai(model),
          CpuTdp.logicalCpus(cpuinfo), ramWattsPerGb);
    }

    /** Builds the monitor, measures the baseline if asked and starts the sampling thread. */
    public EnergyMonitor start() {
      if (probes.isEmpty()) {
        throw new IllegalArgumentException("An EnergyMonitor needs at least one probe: call probe(...) or "
            + "forThisProcess().");
      }
      EnergyMonitor m = new EnergyMonitor(this);
      if (sampling) {
        m.startSampler(samplingInterval);
      }
      if (!baselineDuration.isZero()) {
        m.measureBaseline(baselineDuration);
      }
      return m;
    }
  }

  record Eco2aiInputs(ProcessStats stats, TdpMatch tdp, int logicalCpus, double ramWattsPerGb) {}

  /** Eco2AI's accounting of one window: a reading every 10 s × time since the previous reading. */
  static final class Eco2aiAccount {
    private final Eco2aiInputs in;
    private long lastNanos;
    private double lastCpuS;
    private double gpuJ;
    private double cpuJ;
    private double ramJ;
    private int readings;

    Eco2aiAccount(Eco2aiInputs in, long now) {
      this.in = in;
      this.lastNanos = now;
      this.lastCpuS = in.stats().cpuSeconds();
    }

    boolean due(long now) {
      return now - lastNanos >= ECO2AI_PERIOD.toNanos();
    }

    synchronized void account(long now, Power gpuAllDevices) {
      double dt = Math.max(0, (now - lastNanos) / 1e9);
      gpuJ += gpuAllDevices.watts() * dt;
      double cpuS = Math.max(lastCpuS, in.stats().cpuSeconds());
      cpuJ += in.tdp().tdp().watts() * (cpuS - lastCpuS) / in.logicalCpus();
      ramJ += in.ramWattsPerGb() * in.stats().rssBytes() / (1024.0 * 1024 * 1024) * dt;
      lastCpuS = cpuS;
      lastNanos = now;
      readings++;
    }

    synchronized Eco2aiFigures figures(boolean hasGpu) {
      List<String> w = new ArrayList<>();
      w.add("Eco2AI-compatible accounting: GPU = one power reading of every GPU on the host every 10 s x elapsed "
          + "time; CPU = TDP x CPU share; RAM = " + in.ramWattsPerGb() + " W/GB; no idle baseline.");
      w.add(String.format(Locale.ROOT, "Eco2AI CPU TDP %.1f W (%s, %s) over %d logical CPUs.",
          in.tdp().tdp().watts(), in.tdp().matchedName(), in.tdp().source(), in.logicalCpus()));
      w.addAll(in.tdp().warnings());
      if (!hasGpu) {
        w.add("No GPU probe: the Eco2AI-compatible GPU figure is 0, as Eco2AI reports without a GPU.");
      }
      return new Eco2aiFigures(Energy.ofJoules(gpuJ), Energy.ofJoules(cpuJ), Energy.ofJoules(ramJ), readings, w);
    }
  }

  private void startSampler(Duration interval) {
    sampler = PeriodicSampler.start("cegi-energy-monitor", interval, this::sampleNow);
  }

  /** Samples every probe once and takes the Eco2AI readings that are due (the sampling thread calls this). */
  public void sampleNow() {
    for (EnergyProbe p : probes) {
      p.sample();
      trace.add(p, p.read());
    }
    if (eco2ai == null) {
      return;
    }
    List<Window> due = new ArrayList<>();
    long now = clock.getAsLong();
    synchronized (open) {
      for (Window w : open.values()) {
        if (w.eco2ai != null && w.eco2ai.due(now)) {
          due.add(w);
        }
      }
    }
    if (!due.isEmpty()) {
      Power gpu = gpuPowerAllDevices();
      for (Window w : due) {
        w.eco2ai.account(now, gpu);
      }
    }
  }

  private Power gpuPowerAllDevices() {
    Power sum = Power.ZERO;
    for (EnergyProbe p : probes) {
      if (p.component() == Component.GPU) {
        sum = sum.plus(p.read().powerAllDevices());
      }
    }
    return sum;
  }

  /**
   * Power over time per probe, as the sampling thread saw it since the monitor started (average power of each
   * sampling interval; empty without a sampling thread unless {@link #sampleNow()} is called).
   */
  public PowerTrace powerTrace() {
    return trace;
  }

  /** ID of the sampling thread (for CPU-time accounting in benchmarks), -1 without one. */
  public long samplerThreadId() {
    return sampler == null ? -1 : sampler.threadId();
  }

  /**
   * Measures idle power for {@code duration} (nothing of ours should run meanwhile) and uses it as the baseline
   * of every window that ends from now on.
   */
  public Baseline measureBaseline(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("baseline duration must be > 0, got " + duration);
    }
    ensureOpen();
    List<ProbeReading> start = readAll();
    long t0 = clock.getAsLong();
    sleeper.accept(duration);
    List<ProbeReading> end = readAll();
    double s = (clock.getAsLong() - t0) / 1e9;
    if (s <= 0) {
      throw new IllegalStateException("The clock did not advance during the " + duration
          + " baseline: check the injected clock and sleeper.");
    }
    Map<Component, Power> idle = new EnumMap<>(Component.class);
    for (int i = 0; i < probes.size(); i++) {
      EnergyProbe p = probes.get(i);
      Energy e = p.between(start.get(i), end.get(i)).energy();
      idle.merge(p.component(), e.per(s), Power::plus);
    }
    baseline = new Baseline(idle, s);
    return baseline;
  }

  /** @return the current idle baseline ({@link Baseline#none()} until one is measured or given) */
  public Baseline baseline() {
    return baseline;
  }

  private List<ProbeReading> readAll() {
    List<ProbeReading> out = new ArrayList<>(probes.size());
    for (EnergyProbe p : probes) {
      out.add(p.read());
    }
    return out;
  }

  /**
   * Opens a window. A window of the same name that is still open is restarted: it is abandoned and this one
   * replaces it.
   */
  public Window begin(String name) {
    Check.nonBlank("window name", name);
    ensureOpen();
    long now = clock.getAsLong();
    List<ProbeReading> start = readAll();
    Eco2aiAccount acc = eco2ai == null ? null : new Eco2aiAccount(eco2ai, now);
    Window w = new Window(this, name, wall.instant(), now, start, acc);
    Window old;
    synchronized (open) {
      old = open.put(name, w);
    }
    if (old != null) {
      old.abandon();
    }
    return w;
  }

  /**
   * Runs {@code work} in a window and returns its measurement. If the work throws, the window ends first, its
   * measurement (kept in {@link #measurements()}) carries a warning naming the failure, and the exception is
   * rethrown.
   */
  public Measurement measure(String name, Runnable work) {
    Check.notNull("work", work);
    Window w = begin(name);
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      w.end(List.of("Work in window \"" + name + "\" failed (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): figures cover the interval up to the failure."));
      throw e;
    }
    return w.end();
  }

  Measurement finish(Window w, List<String> extraWarnings) {
    long now = Math.max(clock.getAsLong(), w.startNanos());
    List<ProbeReading> end = readAll();
    double durationS = Math.max(0, (now - w.startNanos()) / 1e9);
    Baseline b = baseline;
    List<ComponentMeasurement> comps = new ArrayList<>();
    boolean hasGpu = false;
    for (int i = 0; i < probes.size(); i++) {
      EnergyProbe p = probes.get(i);
      hasGpu |= p.component() == Component.GPU;
      ComponentEnergy ce = p.between(w.startReadings().get(i), end.get(i));
      Power idle = b.idle(p.component());
      Energy idleE = idle.over(durationS);
      List<String> warns = new ArrayList<>(ce.warnings());
      if (idleE.joules() > ce.energy().joules() && idle.watts() > 0) {
        warns.add(String.format(Locale.ROOT, "Idle baseline %.2f W of %s exceeds the window's average %.2f W: "
            + "net %s energy clamped to 0.", idle.watts(), p.component().label(),
            durationS > 0 ? ce.energy().joules() / durationS : 0.0, p.component().label()));
      }
      comps.add(new ComponentMeasurement(p.component(), ce.probe(), ce.method(), ce.energy(),
          ce.energy().minusOrZero(idleE), idle, ce.devices(), warns));
    }
    Optional<Eco2aiFigures> eco = Optional.empty();
    if (w.eco2ai != null) {
      w.eco2ai.account(now, hasGpu ? gpuPowerAllDevices() : Power.ZERO);
      eco = Optional.of(w.eco2ai.figures(hasGpu));
    }
    List<String> all = new ArrayList<>(warnings);
    all.addAll(extraWarnings);
    Measurement m = new Measurement(w.name(), w.started(), durationS, comps, b, eco, all);
    synchronized (open) {
      open.remove(w.name(), w);
      history.add(m);
    }
    return m;
  }

  /** @return the latest measurement of a window name */
  public Optional<Measurement> last(String name) {
    synchronized (open) {
      for (int i = history.size() - 1; i >= 0; i--) {
        if (history.get(i).name().equals(name)) {
          return Optional.of(history.get(i));
        }
      }
    }
    return Optional.empty();
  }

  /** @return every measurement so far, in the order the windows ended */
  public List<Measurement> measurements() {
    synchronized (open) {
      return Collections.unmodifiableList(new ArrayList<>(history));
    }
  }

  /** @return names of the windows open now */
  public List<String> openWindows() {
    synchronized (open) {
      return List.copyOf(open.keySet());
    }
  }

  /** @return the probes measured */
  public List<EnergyProbe> probes() {
    return probes;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("This EnergyMonitor is closed: start a new one with EnergyMonitor.builder()...start().");
    }
  }

  /** Stops the sampling thread; closes the probes the monitor opened. Open windows are abandoned. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sampler != null) {
      sampler.close();
    }
    synchronized (open) {
      open.values().forEach(Window::abandon);
      open.clear();
    }
    if (ownsProbes) {
      probes.forEach(EnergyProbe::close);
    }
  }
}
