package org.cegi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's bundled data files ({@code data/} at the repository root).
 *
 * <p>Look-up order for a relative path such as {@code carbon/eco2ai_carbon_index.csv}:
 * <ol>
 *   <li>the folder named by the system property {@code cegi.data} or the environment variable
 *       {@code CEGI_DATA};</li>
 *   <li>{@code data/} in the project root named by the system property {@code cegi.root}, then in the
 *       working directory or any of its parents (a notebook runs in {@code notebooks/});</li>
 *   <li>the copy packed into the library jar under {@code /cegi-data/}.</li>
 * </ol>
 */
public final class DataFiles {
  private static final String RESOURCE_ROOT = "/cegi-data/";

  private DataFiles() {}

  /** The data folder on disk, if one can be found. */
  public static Optional<Path> dataDir() {
    String explicit = System.getProperty("cegi.data", System.getenv("CEGI_DATA"));
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    String root = System.getProperty("cegi.root", System.getenv("CEGI_ROOT"));
    if (root != null && !root.isBlank() && Files.isDirectory(Path.of(root, "data"))) {
      return Optional.of(Path.of(root, "data"));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("data")) && Files.isDirectory(p.resolve("lib"))) {
        return Optional.of(p.resolve("data"));
      }
    }
    return Optional.empty();
  }

  /** The file on disk for a data path, if the data folder is found and holds it. */
  public static Optional<Path> file(String relative) {
    return dataDir().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
  }

  /**
   * Opens a bundled data file: from the data folder on disk when present, else from the jar.
   *
   * @param relative a path below {@code data/}, with {@code /} separators
   * @return a stream the caller closes
   * @throws IllegalStateException naming the file and the places searched when it is nowhere
   */
  public static InputStream open(String relative) {
    Optional<Path> onDisk = file(relative);
    try {
      if (onDisk.isPresent()) {
        return Files.newInputStream(onDisk.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + onDisk.get() + ": " + e.getMessage(), e);
    }
    InputStream in = DataFiles.class.getResourceAsStream(RESOURCE_ROOT + relative);
    if (in == null) {
      throw new IllegalStateException(
          "Bundled data file data/" + relative + " not found (searched "
              + dataDir().map(Path::toString).orElse("no data/ folder above " + Path.of("").toAbsolutePath())
              + " and the cegi-lib jar). Set -Dcegi.data=/path/to/cegi/data or run from the project.");
    }
    return in;
  }

  /** A human-readable name of where {@link #open} reads {@code relative} from (for error messages). */
  public static String describe(String relative) {
    return file(relative).map(Path::toString).orElse("data/" + relative + " (in the cegi-lib jar)");
  }
}
