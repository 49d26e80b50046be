package org.cegi.energy;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of NVIDIA's NVML C API that cegi calls, as a JNA interface. {@link #load()} binds it to the driver's
 * {@code libnvidia-ml}; tests implement it in Java (a fake NVML library) to drive {@link NvmlProbe} through
 * error codes, unsupported counters, counter resets, several devices and visibility masks.
 *
 * <p>Every method returns an {@code nvmlReturn_t} code ({@link #SUCCESS} = 0); see {@link NvmlException#of}.
 * Units are NVML's: energy in mJ, power in mW.
 */
public interface NvmlLibrary extends Library {
  int SUCCESS = 0;
  int ERROR_UNINITIALIZED = 1;
  int ERROR_INVALID_ARGUMENT = 2;
  int ERROR_NOT_SUPPORTED = 3;
  int ERROR_NO_PERMISSION = 4;
  int ERROR_NOT_FOUND = 6;
  int ERROR_INSUFFICIENT_SIZE = 7;
  int ERROR_DRIVER_NOT_LOADED = 9;
  int ERROR_LIBRARY_NOT_FOUND = 12;
  int ERROR_FUNCTION_NOT_FOUND = 13;
  int ERROR_GPU_IS_LOST = 15;
  int ERROR_RESET_REQUIRED = 16;
  int ERROR_LIB_RM_VERSION_MISMATCH = 18;
  int ERROR_UNKNOWN = 999;

  /** Size in bytes of {@code nvmlProcessInfo_t} (v2 layout: pid u32, pad, usedGpuMemory u64, gi u32, ci u32). */
  int PROCESS_INFO_SIZE = 24;

  /** Buffer size NVML asks for device names and UUIDs. */
  int STRING_BUFFER_SIZE = 96;

  int nvmlInit_v2();

  int nvmlShutdown();

  int nvmlDeviceGetCount_v2(IntByReference deviceCount);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  /** Accepts {@code GPU-…} and {@code MIG-…} UUIDs. */
  int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

  /** The parent GPU of a MIG device handle. */
  int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  /** @param energy receives mJ consumed since the driver was last loaded (Volta and newer) */
  int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

  /** @param power receives the current board power in mW */
  int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

  /** @param limit receives the enforced power limit in mW */
  int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limit);

  int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

  /**
   * @param infoCount in: capacity of {@code infos} in entries; out: number of processes
   * @param infos {@code infoCount × PROCESS_INFO_SIZE} bytes, or null to ask for the count
   */
  int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

  String nvmlErrorString(int result);

  /**
   * Binds to the driver's library, trying {@code nvidia-ml} first (the linker's search) and then
   * {@code libnvidia-ml.so.1} (the name the driver package installs without the development symlink).
   *
   * @throws NvmlException.LibraryMissing when neither can be loaded
   */
  static NvmlLibrary load() {
    UnsatisfiedLinkError first;
    try {
      return Native.load("nvidia-ml", NvmlLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      first = e;
    }
    try {
      return Native.load("libnvidia-ml.so.1", NvmlLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      e.addSuppressed(first);
      throw new NvmlException.LibraryMissing(e);
    }
  }
}
