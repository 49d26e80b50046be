package org.cegi.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a notebook runs: its profile (full size for the main job, reduced for tests) and the folder its result
 * files go to. The notebook runner ({@code environment/run_notebooks.py}) sets both; run by hand, a notebook
 * gets the main profile and {@code build/output/results} of the project.
 *
 * <pre>{@code
 * int samples = Notebook.isTest() ? 8 : 40;
 * Path csv = Notebook.outputDir().resolve("quickstart-cegi.csv");
 * }</pre>
 */
public final class Notebook {
  private Notebook() {}

  /** {@code "main"} or {@code "test"} (from {@code CEGI_PROFILE}; default main). */
  public static String profile() {
    String p = System.getenv("CEGI_PROFILE");
    return p == null || p.isBlank() ? "main" : p.trim().toLowerCase(Locale.ROOT);
  }

  /** True when the test suite runs the notebook and asks for reduced sizes. */
  public static boolean isTest() {
    return profile().equals("test");
  }

  /**
   * True when the run asks to train the lab models again although finished runs exist ({@code CEGI_RETRAIN_LABS=1},
   * set by {@code bash environment/main.sh --retrain-labs}); otherwise the labs reuse {@code build/lab/}.
   */
  public static boolean retrainLabs() {
    String v = System.getenv("CEGI_RETRAIN_LABS");
    return v != null && (v.trim().equals("1") || v.trim().equalsIgnoreCase("true"));
  }

  /** The kernel this notebook runs on. */
  public static Kernel kernel() {
    return Kernel.current();
  }

  /**
   * The folder result files go to, created if needed: {@code CEGI_OUTPUT_DIR}, else {@code build/output/results}
   * under the project root ({@code cegi.root} / {@code CEGI_ROOT}, else the working directory's parent when it is
   * {@code notebooks/}).
   */
  public static Path outputDir() {
    String env = System.getenv("CEGI_OUTPUT_DIR");
    Path dir;
    if (env != null && !env.isBlank()) {
      dir = Path.of(env);
    } else {
      dir = projectRoot().resolve("build").resolve("output").resolve("results");
    }
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the result folder " + dir + ": " + e.getMessage() + ". Set CEGI_OUTPUT_DIR to a writable folder.", e);
    }
  }

  private static final java.util.Map<String, AutoCloseable> KEPT = new java.util.LinkedHashMap<>();

  /**
   * Keeps a resource (a monitor with its sampling thread, an open file) under a name for the life of the kernel,
   * closing the one kept before under the same name, so that running a cell again does not leave threads or files
   * open behind it.
   *
   * <pre>{@code
   * EnergyMonitor monitor = Notebook.keep("monitor", EnergyMonitor.builder().forThisProcess().start());
   * }</pre>
   *
   * @return {@code resource}
   */
  public static <T extends AutoCloseable> T keep(String name, T resource) {
    org.cegi.internal.Check.nonBlank("name", name);
    org.cegi.internal.Check.notNull("resource", resource);
    AutoCloseable old;
    synchronized (KEPT) {
      old = KEPT.put(name, resource);
    }
    if (old != null && old != resource) {
      try {
        old.close();
      } catch (Exception e) {
        throw new IllegalStateException("Closing the previous \"" + name + "\" failed: " + e.getMessage()
            + ". The new one is kept; restart the kernel if the old one still holds resources.", e);
      }
    }
    return resource;
  }

  /** Closes and forgets the resource kept under {@code name}; does nothing when there is none. */
  public static void release(String name) {
    AutoCloseable old;
    synchronized (KEPT) {
      old = KEPT.remove(name);
    }
    if (old != null) {
      try {
        old.close();
      } catch (Exception e) {
        throw new IllegalStateException("Closing \"" + name + "\" failed: " + e.getMessage(), e);
      }
    }
  }

  /** The project root (the folder holding {@code lib/} and {@code notebooks/}). */
  public static Path projectRoot() {
    String root = System.getProperty("cegi.root", System.getenv("CEGI_ROOT"));
    if (root != null && !root.isBlank()) {
      return Path.of(root);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("lib")) && Files.isDirectory(p.resolve("notebooks"))) {
        return p;
      }
    }
    return Path.of("").toAbsolutePath();
  }
}
