package org.cegi.notebook;

import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.Optional;

/**
 * The Jupyter kernel this JVM runs in, found by the classes present, and how to send it a display message.
 * The kernels differ in their display calls (rapaio: {@code display(mime, value)}; IJava and JJava:
 * {@code display(value, mimes...)} on a kernel instance), so the facade talks to each in its own way, through
 * reflection: the library has no compile-time dependency on any kernel.
 */
public enum Kernel {
  /** rapaio-jupyter-kernel (the default installed by {@code environment/install.sh}). */
  RAPAIO("org.rapaio.jupyter.kernel.global.Global"),
  /** IJava (SpencerPark), the kernel most users know. */
  IJAVA("io.github.spencerpark.ijava.IJava"),
  /** JJava, the maintained fork of IJava. */
  JJAVA("org.dflib.jjava.JJava"),
  /** No kernel: plain JVM, JShell, tests. Displays fall back to text on standard output. */
  NONE("");

  private final String probeClass;

  Kernel(String probeClass) {
    this.probeClass = probeClass;
  }

  private static volatile Kernel detected;

  /** The kernel of this JVM (detected once). */
  public static Kernel current() {
    Kernel k = detected;
    if (k == null) {
      k = NONE;
      for (Kernel candidate : new Kernel[] {RAPAIO, JJAVA, IJAVA}) {
        if (load(candidate.probeClass).isPresent()) {
          k = candidate;
          break;
        }
      }
      detected = k;
    }
    return k;
  }

  /** For tests: pretend to run in {@code kernel} ({@code null} detects again). */
  static void override(Kernel kernel) {
    detected = kernel;
  }

  static Optional<Class<?>> load(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    for (ClassLoader cl :
        new ClassLoader[] {
          Thread.currentThread().getContextClassLoader(), Kernel.class.getClassLoader(), ClassLoader.getSystemClassLoader()
        }) {
      if (cl == null) {
        continue;
      }
      try {
        return Optional.of(Class.forName(name, false, cl));
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    return Optional.empty();
  }

  /**
   * Sends {@code text/html} (with a {@code text/plain} alternative) to the notebook.
   *
   * @return false when this kernel could not be reached (the caller falls back to text)
   */
  boolean displayHtml(String html, String plain) {
    try {
      switch (this) {
        case RAPAIO:
          Class<?> global = load(probeClass).orElseThrow();
          global.getMethod("display", String.class, Object.class).invoke(null, "text/html", html);
          return true;
        case IJAVA:
        case JJAVA:
          return displayBaseKernel(new String[] {"text/html", html, "text/plain", plain});
        default:
          return false;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Sends an image to the notebook as {@code image/png}.
   *
   * @param image the picture (rapaio encodes it itself)
   * @param png the same picture PNG-encoded (IJava and JJava take base64 PNG)
   * @return false when this kernel could not be reached (the caller falls back to text)
   */
  boolean displayImage(BufferedImage image, byte[] png, String plain) {
    try {
      switch (this) {
        case RAPAIO:
          // rapaio renders a BufferedImage as image/png.
          Class<?> global = load(probeClass).orElseThrow();
          global.getMethod("display", Object.class).invoke(null, image);
          return true;
        case IJAVA:
        case JJAVA:
          String b64 = Base64.getEncoder().encodeToString(png);
          return displayBaseKernel(new String[] {"image/png", b64, "text/plain", plain});
        default:
          return false;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** IJava and JJava: {@code getKernelInstance().display(DisplayData)} with {@code putData(mime, value)}. */
  private boolean displayBaseKernel(String[] mimeValuePairs) throws ReflectiveOperationException {
    String base = this == IJAVA ? "io.github.spencerpark.jupyter" : "org.dflib.jjava.jupyter";
    Class<?> entry = load(probeClass).orElseThrow();
    Object kernel = entry.getMethod("getKernelInstance").invoke(null);
    if (kernel == null) {
      return false;
    }
    Class<?> ddClass = load(base + ".kernel.display.DisplayData").orElseThrow();
    Object dd = ddClass.getConstructor().newInstance();
    Method putData = ddClass.getMethod("putData", String.class, Object.class);
    for (int i = 0; i < mimeValuePairs.length; i += 2) {
      putData.invoke(dd, mimeValuePairs[i], mimeValuePairs[i + 1]);
    }
    Method display = findMethod(kernel.getClass(), "display", ddClass);
    display.invoke(kernel, dd);
    return true;
  }

  private static Method findMethod(Class<?> type, String name, Class<?> arg) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 1 && m.getParameterTypes()[0].isAssignableFrom(arg)) {
          m.setAccessible(true);
          return m;
        }
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name + "(" + arg.getName() + ")");
  }
}
