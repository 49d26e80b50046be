package org.cegi.energy;

/**
 * An NVML call failed. The NVML return code is kept ({@link #code()}); the subclasses name the cases a user can
 * act on, and every message says what to do.
 */
public class NvmlException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public NvmlException(int code, String message) {
    super(message);
    this.code = code;
  }

  public NvmlException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** @return the NVML return code ({@code nvmlReturn_t}); -1 when the library could not be loaded */
  public int code() {
    return code;
  }

  /** The NVML library could not be loaded: no NVIDIA driver on this machine. */
  public static final class LibraryMissing extends NvmlException {
    private static final long serialVersionUID = 1L;

    LibraryMissing(Throwable cause) {
      super(-1, "NVML could not be loaded (libnvidia-ml.so.1 not found): no NVIDIA driver on this machine. "
          + "Measure the CPU only, or run on a GPU host.", cause);
    }

    LibraryMissing(int code, String call) {
      super(code, "NVML " + call + " failed: the NVML library or one of its functions is missing (code " + code
          + "). Install or update the NVIDIA driver, or measure the CPU only.");
    }
  }

  /** The library loaded but the kernel driver is not running. */
  public static final class DriverNotLoaded extends NvmlException {
    private static final long serialVersionUID = 1L;

    DriverNotLoaded(int code, String call) {
      super(code, "NVML " + call + " failed: the NVIDIA kernel driver is not loaded (code " + code + "). "
          + "Check nvidia-smi; load the driver (modprobe nvidia) or reboot after a driver update.");
    }
  }

  /** The device does not support the query (for example the energy counter before Volta). */
  public static final class NotSupported extends NvmlException {
    private static final long serialVersionUID = 1L;

    NotSupported(int code, String call) {
      super(code, "NVML " + call + " is not supported by this GPU or driver (code " + code + "). "
          + "cegi falls back to sampling power where it can; use a Volta or newer GPU for the energy counter.");
    }
  }

  /** The process may not query the device. */
  public static final class NoPermission extends NvmlException {
    private static final long serialVersionUID = 1L;

    NoPermission(int code, String call) {
      super(code, "NVML " + call + " was refused: no permission (code " + code + "). "
          + "Run as a user in the video group or ask the administrator to allow NVML queries.");
    }
  }

  /** The GPU fell off the bus or needs a reset; its figures from now on are unknown. */
  public static final class GpuLost extends NvmlException {
    private static final long serialVersionUID = 1L;

    GpuLost(int code, String call) {
      super(code, "NVML " + call + " failed: the GPU is lost or needs a reset (code " + code + "). "
          + "Its energy after this point is unknown; check dmesg and nvidia-smi, reset the GPU, re-run.");
    }
  }

  /** Maps an NVML return code to the exception a caller can act on. */
  public static NvmlException of(int code, String call, String nvmlText) {
    switch (code) {
      case NvmlLibrary.ERROR_LIBRARY_NOT_FOUND:
      case NvmlLibrary.ERROR_FUNCTION_NOT_FOUND:
        return new LibraryMissing(code, call);
      case NvmlLibrary.ERROR_DRIVER_NOT_LOADED:
      case NvmlLibrary.ERROR_LIB_RM_VERSION_MISMATCH:
        return new DriverNotLoaded(code, call);
      case NvmlLibrary.ERROR_NOT_SUPPORTED:
        return new NotSupported(code, call);
      case NvmlLibrary.ERROR_NO_PERMISSION:
        return new NoPermission(code, call);
      case NvmlLibrary.ERROR_GPU_IS_LOST:
      case NvmlLibrary.ERROR_RESET_REQUIRED:
        return new GpuLost(code, call);
      default:
        return new NvmlException(code, "NVML " + call + " failed with code " + code
            + (nvmlText.isBlank() ? "" : " (" + nvmlText + ")")
            + ". Check nvidia-smi; set -Dcegi.debug=true for the stack trace.");
    }
  }
}
