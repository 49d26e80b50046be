package org.cegi.energy;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fake NVML library (public for the benchmark in org.cegi.bench) behind the same JNA interface: scripted devices, counters, powers and error codes. */
public final class FakeNvml implements NvmlLibrary {
  public static final class Gpu {
    final String name;
    final String uuid;
    long counterMj;
    int powerMw;
    public boolean counterSupported = true;
    boolean powerSupported = true;
    int migMode;
    String migUuid;
    int lostAfterReads = -1;
    int reads;
    List<int[]> processes = new ArrayList<>();

    Gpu(String name, String uuid, int powerMw) {
      this.name = name;
      this.uuid = uuid;
      this.powerMw = powerMw;
    }
  }

  final List<Gpu> gpus = new ArrayList<>();
  final Map<String, Integer> errors = new HashMap<>();
  int initCalls;
  int shutdownCalls;

  public FakeNvml add(String name, String uuid, int powerMw) {
    gpus.add(new Gpu(name, uuid, powerMw));
    return this;
  }

  public Gpu gpu(int i) {
    return gpus.get(i);
  }

  private static Pointer handle(int i) {
    return new Pointer(i + 1);
  }

  private Gpu of(Pointer p) {
    return gpus.get((int) Pointer.nativeValue(p) - 1);
  }

  private int error(String fn) {
    return errors.getOrDefault(fn, SUCCESS);
  }

  @Override
  public int nvmlInit_v2() {
    initCalls++;
    return error("nvmlInit_v2");
  }

  @Override
  public int nvmlShutdown() {
    shutdownCalls++;
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetCount_v2(IntByReference deviceCount) {
    deviceCount.setValue(gpus.size());
    return error("nvmlDeviceGetCount_v2");
  }

  @Override
  public int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device) {
    if (index < 0 || index >= gpus.size()) {
      return ERROR_INVALID_ARGUMENT;
    }
    device.setValue(handle(index));
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device) {
    for (int i = 0; i < gpus.size(); i++) {
      if (uuid.equals(gpus.get(i).migUuid)) {
        device.setValue(new Pointer(1000 + i));
        return SUCCESS;
      }
    }
    return ERROR_NOT_FOUND;
  }

  @Override
  public int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device) {
    device.setValue(handle((int) Pointer.nativeValue(migDevice) - 1000));
    return SUCCESS;
  }

  private static int write(String s, byte[] buf) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, buf, 0, Math.min(b.length, buf.length - 1));
    buf[Math.min(b.length, buf.length - 1)] = 0;
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetName(Pointer device, byte[] name, int length) {
    return write(of(device).name, name);
  }

  @Override
  public int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length) {
    return write(of(device).uuid, uuid);
  }

  @Override
  public int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy) {
    Gpu g = of(device);
    if (g.lostAfterReads >= 0 && g.reads++ >= g.lostAfterReads) {
      return ERROR_GPU_IS_LOST;
    }
    if (!g.counterSupported) {
      return ERROR_NOT_SUPPORTED;
    }
    int e = error("nvmlDeviceGetTotalEnergyConsumption");
    if (e != SUCCESS) {
      return e;
    }
    energy.setValue(g.counterMj);
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power) {
    Gpu g = of(device);
    if (!g.powerSupported) {
      return ERROR_NOT_SUPPORTED;
    }
    power.setValue(g.powerMw);
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limit) {
    limit.setValue(700_000);
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode) {
    currentMode.setValue(of(device).migMode);
    pendingMode.setValue(of(device).migMode);
    return SUCCESS;
  }

  @Override
  public int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos) {
    List<int[]> ps = of(device).processes;
    if (infos == null || infoCount.getValue() < ps.size()) {
      infoCount.setValue(ps.size());
      return ps.isEmpty() ? SUCCESS : ERROR_INSUFFICIENT_SIZE;
    }
    for (int i = 0; i < ps.size(); i++) {
      infos.setInt((long) i * PROCESS_INFO_SIZE, ps.get(i)[0]);
      infos.setLong((long) i * PROCESS_INFO_SIZE + 8, ps.get(i)[1]);
    }
    infoCount.setValue(ps.size());
    return SUCCESS;
  }

  @Override
  public String nvmlErrorString(int result) {
    return "fake error " + result;
  }
}
