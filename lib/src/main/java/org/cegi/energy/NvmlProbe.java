package org.cegi.energy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.cegi.internal.Check;

/**
 * GPU energy from NVML, for the GPUs this process may use ({@code CUDA_VISIBLE_DEVICES}); GPUs that are not
 * visible are never summed.
 *
 * <p>Energy of a window is the difference of NVML's total-energy counter (mJ, Volta and newer, method
 * {@code counter}). Where a visible GPU has no counter, a sampling thread reads its power at
 * {@link Builder#samplingInterval} (default 100 ms = 10 Hz) and integrates it with the trapezoid rule (method
 * {@code sampled}). A window shorter than the counter's update period (about 100 ms) is approximated as the mean
 * of its two power readings × its duration, method {@code instantaneous}, with a warning.
 *
 * <pre>{@code
 * try (NvmlProbe gpu = NvmlProbe.open()) {          // NvmlException.LibraryMissing without a driver
 *   ProbeReading start = gpu.read();
 *   train();
 *   ComponentEnergy e = gpu.between(start, gpu.read());
 * }
 * }</pre>
 *
 * <p>A counter that goes backwards (driver reloaded) is treated as a reset: the energy since the reset is counted
 * and a warning is recorded. A GPU that is lost mid-run stops counting, with a warning.
 */
public final class NvmlProbe implements EnergyProbe {
  /** NVML refreshes the total-energy counter about every 100 ms. */
  public static final Duration COUNTER_UPDATE_PERIOD = Duration.ofMillis(100);

  private final NvmlLibrary lib;
  private final LongSupplier clock;
  private final List<GpuDevice> gpus;
  private final List<Pointer> handles;
  private final List<Pointer> allHandles;
  private final List<String> staticWarnings;
  private final long[] lastCounterMj;
  private final double[] accumulatedJ;
  private final boolean[] lost;
  private final List<String> events = new ArrayList<>();
  private final PowerIntegrator integrator;
  private final boolean autoSampling;
  private final long updatePeriodNanos;
  private final Method method;
  private double lastPowerW;
  private boolean closed;

  private NvmlProbe(Builder b) {
    this.lib = b.library != null ? b.library : NvmlLibrary.load();
    this.clock = b.clock;
    this.updatePeriodNanos = b.counterUpdatePeriod.toNanos();
    check(lib, lib.nvmlInit_v2(), "nvmlInit_v2");
    try {
      IntByReference count = new IntByReference();
      check(lib, lib.nvmlDeviceGetCount_v2(count), "nvmlDeviceGetCount_v2");
      allHandles = new ArrayList<>();
      List<String> uuids = new ArrayList<>();
      for (int i = 0; i < count.getValue(); i++) {
        PointerByReference h = new PointerByReference();
        check(lib, lib.nvmlDeviceGetHandleByIndex_v2(i, h), "nvmlDeviceGetHandleByIndex_v2(" + i + ")");
        allHandles.add(h.getValue());
        uuids.add(string(lib, h.getValue(), true));
      }
      List<String> warnings = new ArrayList<>();
      List<Integer> visible = resolve(b.visibility, uuids, warnings);
      gpus = new ArrayList<>();
      handles = new ArrayList<>();
      for (int i : visible) {
        Pointer h = allHandles.get(i);
        handles.add(h);
        GpuDevice d = describe(i, h, uuids.get(i), warnings);
        gpus.add(d);
      }
      if (gpus.isEmpty()) {
        warnings.add("No GPU is visible to this process (" + describeVisibility(b.visibility, uuids.size())
            + "): GPU energy is 0 because no GPU is used.");
      }
      lastCounterMj = new long[gpus.size()];
      accumulatedJ = new double[gpus.size()];
      lost = new boolean[gpus.size()];
      boolean anySampled = false;
      for (int k = 0; k < gpus.size(); k++) {
        if (gpus.get(k).energyCounter()) {
          lastCounterMj[k] = counter(k);
        } else {
          anySampled = true;
        }
      }
      method = anySampled ? Method.SAMPLED : Method.COUNTER;
      if (anySampled) {
        warnings.add("Energy counter not supported on " + sampledNames()
            + ": power sampled every " + b.samplingInterval.toMillis() + " ms and integrated (trapezoid rule).");
      }
      this.autoSampling = anySampled && b.autoSampling;
      this.integrator = anySampled
          ? (autoSampling
              ? PowerIntegrator.start(this::sampledPower, clock, b.samplingInterval)
              : new PowerIntegrator(this::sampledPower, clock))
          : null;
      this.staticWarnings = List.copyOf(warnings);
    } catch (RuntimeException e) {
      lib.nvmlShutdown();
      throw e;
    }
  }

  /** Opens NVML for the GPUs in this process's {@code CUDA_VISIBLE_DEVICES}, sampling at 10 Hz if needed. */
  public static NvmlProbe open() {
    return builder().open();
  }

  /** Options: library (a fake in tests), visibility, clock, sampling interval. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configuration of an {@link NvmlProbe}. */
  public static final class Builder {
    private NvmlLibrary library;
    private GpuVisibility visibility = GpuVisibility.fromEnvironment();
    private LongSupplier clock = System::nanoTime;
    private Duration samplingInterval = Duration.ofMillis(100);
    private Duration counterUpdatePeriod = COUNTER_UPDATE_PERIOD;
    private boolean autoSampling = true;

    private Builder() {}

    /** The NVML binding; default {@link NvmlLibrary#load()}. */
    public Builder library(NvmlLibrary library) {
      this.library = Check.notNull("library", library);
      return this;
    }

    /** Which GPUs count; default from {@code CUDA_VISIBLE_DEVICES}. */
    public Builder visibility(GpuVisibility visibility) {
      this.visibility = Check.notNull("visibility", visibility);
      return this;
    }

    /** Shorthand for {@code visibility(GpuVisibility.parse(Optional.of(value)))}. */
    public Builder cudaVisibleDevices(String value) {
      return visibility(GpuVisibility.parse(java.util.Optional.of(value)));
    }

    /** Time source in ns; default {@link System#nanoTime()}. */
    public Builder clock(LongSupplier clockNanos) {
      this.clock = Check.notNull("clock", clockNanos);
      return this;
    }

    /** Power sampling interval where the counter is missing; at most 100 ms (10 Hz). */
    public Builder samplingInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMillis(100)) > 0) {
        throw new IllegalArgumentException("GPU power sampling interval must be > 0 and <= 100 ms (>= 10 Hz), got "
            + interval.toMillis() + " ms.");
      }
      this.samplingInterval = interval;
      return this;
    }

    /** Windows shorter than this get the instantaneous approximation; default 100 ms. */
    public Builder counterUpdatePeriod(Duration period) {
      this.counterUpdatePeriod = Check.notNull("period", period);
      return this;
    }

    /**
     * Whether a thread samples power where the counter is missing (default true). Without it the caller (a
     * monitor's sampler, a test) drives sampling through {@link NvmlProbe#sample()}.
     */
    public Builder autoSampling(boolean autoSampling) {
      this.autoSampling = autoSampling;
      return this;
    }

    /** Initialises NVML and resolves the visible GPUs. */
    public NvmlProbe open() {
      return new NvmlProbe(this);
    }
  }

  private List<Integer> resolve(GpuVisibility v, List<String> uuids, List<String> warnings) {
    List<Integer> out = new ArrayList<>();
    if (v.all()) {
      for (int i = 0; i < uuids.size(); i++) {
        out.add(i);
      }
      return out;
    }
    boolean anyIndex = false;
    for (String e : v.entries()) {
      int idx = -1;
      if (GpuVisibility.isIndex(e)) {
        anyIndex = true;
        int i = Integer.parseInt(e);
        if (i >= 0 && i < uuids.size()) {
          idx = i;
        }
      } else {
        String want = e.toUpperCase(Locale.ROOT);
        for (int i = 0; i < uuids.size(); i++) {
          String u = uuids.get(i).toUpperCase(Locale.ROOT);
          if (u.startsWith(want) || u.startsWith("GPU-" + want)) {
            idx = i;
            break;
          }
        }
        if (idx < 0 && want.startsWith("MIG-")) {
          idx = -2; // resolved by the caller through the MIG parent, see migParent
        }
      }
      if (idx == -2) {
        idx = migParent(e, uuids);
        if (idx >= 0) {
          warnings.add("CUDA_VISIBLE_DEVICES names MIG instance " + e + ": NVML measures the whole GPU "
              + idx + ", shared with any other MIG instances on it.");
        }
      }
      if (idx < 0) {
        warnings.add("CUDA_VISIBLE_DEVICES entry \"" + e + "\" matches no GPU: it and the entries after it are "
            + "ignored, as CUDA does.");
        break;
      }
      if (!out.contains(idx)) {
        out.add(idx);
      }
    }
    if (anyIndex && uuids.size() > 1
        && !"PCI_BUS_ID".equals(System.getenv("CUDA_DEVICE_ORDER"))) {
      warnings.add("CUDA_VISIBLE_DEVICES uses indices and CUDA_DEVICE_ORDER is not PCI_BUS_ID: cegi reads them in "
          + "NVML's PCI order, which CUDA's default fastest-first order may differ from. Use GPU UUIDs or set "
          + "CUDA_DEVICE_ORDER=PCI_BUS_ID.");
    }
    return out;
  }

  /** Index of the GPU that holds a MIG instance, or -1. */
  private int migParent(String migUuid, List<String> uuids) {
    PointerByReference mig = new PointerByReference();
    if (lib.nvmlDeviceGetHandleByUUID(migUuid, mig) != NvmlLibrary.SUCCESS) {
      return -1;
    }
    PointerByReference parent = new PointerByReference();
    if (lib.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(mig.getValue(), parent) != NvmlLibrary.SUCCESS) {
      return -1;
    }
    return uuids.indexOf(string(lib, parent.getValue(), true));
  }

  private static String describeVisibility(GpuVisibility v, int count) {
    return (v.all() ? "CUDA_VISIBLE_DEVICES unset" : "CUDA_VISIBLE_DEVICES=\"" + String.join(",", v.entries()) + "\"")
        + ", " + count + " GPU(s) on the host";
  }

  private GpuDevice describe(int index, Pointer h, String uuid, List<String> warnings) {
    String name = string(lib, h, false);
    IntByReference limit = new IntByReference();
    Power powerLimit = Power.ZERO;
    if (lib.nvmlDeviceGetEnforcedPowerLimit(h, limit) == NvmlLibrary.SUCCESS) {
      powerLimit = Power.ofMilliwatts(Integer.toUnsignedLong(limit.getValue()));
    }
    IntByReference cur = new IntByReference();
    IntByReference pending = new IntByReference();
    boolean mig = lib.nvmlDeviceGetMigMode(h, cur, pending) == NvmlLibrary.SUCCESS && cur.getValue() == 1;
    if (mig) {
      warnings.add("GPU " + index + " (" + name + ") is in MIG mode: its energy covers every MIG instance on it.");
    }
    LongByReference e = new LongByReference();
    int rc = lib.nvmlDeviceGetTotalEnergyConsumption(h, e);
    boolean counter = rc == NvmlLibrary.SUCCESS;
    if (!counter && rc != NvmlLibrary.ERROR_NOT_SUPPORTED) {
      throw NvmlException.of(rc, "nvmlDeviceGetTotalEnergyConsumption(" + index + ")", text(lib, rc));
    }
    IntByReference p = new IntByReference();
    int prc = lib.nvmlDeviceGetPowerUsage(h, p);
    if (prc != NvmlLibrary.SUCCESS) {
      if (!counter) {
        throw NvmlException.of(prc, "nvmlDeviceGetPowerUsage(" + index + ")", text(lib, prc));
      }
      warnings.add("GPU " + index + " (" + name + ") does not report power (code " + prc + "): windows shorter than "
          + "the counter update period and the Eco2AI-compatible figures read 0 W for it.");
    }
    return new GpuDevice(index, name, uuid, mig, powerLimit, counter);
  }

  private static String string(NvmlLibrary lib, Pointer h, boolean uuid) {
    byte[] buf = new byte[NvmlLibrary.STRING_BUFFER_SIZE];
    int rc = uuid ? lib.nvmlDeviceGetUUID(h, buf, buf.length) : lib.nvmlDeviceGetName(h, buf, buf.length);
    check(lib, rc, uuid ? "nvmlDeviceGetUUID" : "nvmlDeviceGetName");
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  private static String text(NvmlLibrary lib, int rc) {
    try {
      String s = lib.nvmlErrorString(rc);
      return s == null ? "" : s;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return "";
    }
  }

  private static void check(NvmlLibrary lib, int rc, String call) {
    if (rc != NvmlLibrary.SUCCESS) {
      throw NvmlException.of(rc, call, text(lib, rc));
    }
  }

  private long counter(int k) {
    LongByReference e = new LongByReference();
    check(lib, lib.nvmlDeviceGetTotalEnergyConsumption(handles.get(k), e),
        "nvmlDeviceGetTotalEnergyConsumption(" + gpus.get(k).index() + ")");
    return e.getValue();
  }

  private double powerW(Pointer h) {
    IntByReference p = new IntByReference();
    int rc = lib.nvmlDeviceGetPowerUsage(h, p);
    return rc == NvmlLibrary.SUCCESS ? Integer.toUnsignedLong(p.getValue()) / 1e3 : 0.0;
  }

  private Power sampledPower() {
    double w = 0;
    for (int k = 0; k < gpus.size(); k++) {
      if (!gpus.get(k).energyCounter() && !lost[k]) {
        w += powerW(handles.get(k));
      }
    }
    return Power.ofWatts(w);
  }

  private String sampledNames() {
    List<String> n = new ArrayList<>();
    for (GpuDevice d : gpus) {
      if (!d.energyCounter()) {
        n.add("GPU " + d.index() + " (" + d.name() + ")");
      }
    }
    return String.join(", ", n);
  }

  /** The GPUs measured, in the order of {@code CUDA_VISIBLE_DEVICES}. */
  public List<GpuDevice> gpus() {
    return List.copyOf(gpus);
  }

  @Override
  public Component component() {
    return Component.GPU;
  }

  @Override
  public String name() {
    return "nvml";
  }

  @Override
  public Method method() {
    return method;
  }

  @Override
  public List<String> devices() {
    List<String> out = new ArrayList<>();
    for (GpuDevice d : gpus) {
      out.add(d.name() + " [" + d.index() + "]");
    }
    return out;
  }

  @Override
  public List<String> warnings() {
    return staticWarnings;
  }

  @Override
  public synchronized ProbeReading read() {
    ensureOpen();
    long t = clock.getAsLong();
    double powerW = 0;
    for (int k = 0; k < gpus.size(); k++) {
      if (lost[k]) {
        continue;
      }
      Pointer h = handles.get(k);
      try {
        if (gpus.get(k).energyCounter()) {
          long cur = counter(k);
          long delta = cur - lastCounterMj[k];
          if (delta < 0) {
            events.add("GPU " + gpus.get(k).index() + " energy counter went back from " + lastCounterMj[k] + " to "
                + cur + " mJ (driver reloaded?): counted as a reset; energy between the last reading and the reset "
                + "is missing.");
            delta = cur;
          }
          lastCounterMj[k] = cur;
          accumulatedJ[k] += delta / 1e3;
        }
        powerW += powerW(h);
      } catch (NvmlException.GpuLost e) {
        lost[k] = true;
        events.add("GPU " + gpus.get(k).index() + " (" + gpus.get(k).name() + ") was lost: its energy after the "
            + "last good reading is not counted. " + e.getMessage());
      }
    }
    double total = 0;
    for (double j : accumulatedJ) {
      total += j;
    }
    if (integrator != null) {
      total += integrator.sample().joules();
    }
    lastPowerW = powerW;
    double all = powerW;
    if (allHandles.size() != handles.size()) {
      all = 0;
      for (Pointer h : allHandles) {
        all += powerW(h);
      }
    }
    return new ProbeReading(t, Energy.ofJoules(total), Power.ofWatts(powerW), Power.ofWatts(all), events);
  }

  @Override
  public void sample() {
    if (integrator != null && !autoSampling) {
      synchronized (this) {
        ensureOpen();
        integrator.sample();
      }
    } else {
      read();
    }
  }

  @Override
  public ComponentEnergy between(ProbeReading start, ProbeReading end) {
    ComponentEnergy plain = EnergyProbe.super.between(start, end);
    long dt = end.timeNanos() - start.timeNanos();
    if (method != Method.COUNTER || dt >= updatePeriodNanos || gpus.isEmpty()) {
      return plain;
    }
    double watts = (start.power().watts() + end.power().watts()) / 2.0;
    List<String> w = new ArrayList<>(plain.warnings());
    w.add(String.format(Locale.ROOT, "Window of %.1f ms is shorter than NVML's energy counter update period "
        + "(~%d ms): energy approximated as mean instantaneous power %.1f W x duration.",
        dt / 1e6, updatePeriodNanos / 1_000_000, watts));
    return new ComponentEnergy(Component.GPU, name(), Method.INSTANTANEOUS, Energy.ofJoules(watts * dt / 1e9),
        devices(), w);
  }

  /** PIDs of compute processes running on the measured GPUs now, with their GPU memory in bytes. */
  public synchronized Map<Integer, Long> computeProcesses() {
    ensureOpen();
    Map<Integer, Long> out = new LinkedHashMap<>();
    for (int k = 0; k < gpus.size(); k++) {
      if (lost[k]) {
        continue;
      }
      IntByReference n = new IntByReference(0);
      int rc = lib.nvmlDeviceGetComputeRunningProcesses_v3(handles.get(k), n, null);
      if (rc == NvmlLibrary.SUCCESS || n.getValue() == 0) {
        continue;
      }
      if (rc != NvmlLibrary.ERROR_INSUFFICIENT_SIZE) {
        throw NvmlException.of(rc, "nvmlDeviceGetComputeRunningProcesses_v3", text(lib, rc));
      }
      int cap = n.getValue() + 4;
      Memory mem = new Memory((long) cap * NvmlLibrary.PROCESS_INFO_SIZE);
      n.setValue(cap);
      check(lib, lib.nvmlDeviceGetComputeRunningProcesses_v3(handles.get(k), n, mem),
          "nvmlDeviceGetComputeRunningProcesses_v3");
      for (int i = 0; i < n.getValue(); i++) {
        long off = (long) i * NvmlLibrary.PROCESS_INFO_SIZE;
        out.merge(mem.getInt(off), mem.getLong(off + 8), Long::sum);
      }
    }
    return out;
  }

  /** @return the power at the last reading, in W, of the measured GPUs */
  public synchronized Power lastPower() {
    return Power.ofWatts(lastPowerW);
  }

  /** CPU time the power-sampling thread used, in ns (0 when the counter made it unnecessary). */
  public long samplerCpuNanos() {
    return integrator == null ? 0 : integrator.samplerCpuNanos();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("NvmlProbe is closed: open a new one with NvmlProbe.open().");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (integrator != null) {
      integrator.close();
    }
    lib.nvmlShutdown();
  }
}
