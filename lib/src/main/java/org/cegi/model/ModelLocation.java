package org.cegi.model;

import java.nio.file.Path;
import org.cegi.internal.Check;

/**
 * Where a variant's files are: a Hugging Face Hub repository (at a revision) or a local folder, and the model file
 * inside it.
 *
 * @param kind hub or local
 * @param source the repository id ({@code org/name}) or the folder path
 * @param revision the hub revision ({@code main} unless pinned); {@code local} for folders
 * @param file the model file relative to the folder, e.g. {@code onnx/model_q4.onnx}
 */
public record ModelLocation(Kind kind, String source, String revision, String file) {
  /** Where the files come from. */
  public enum Kind {
    HUB,
    LOCAL
  }

  public ModelLocation {
    Check.notNull("kind", kind);
    Check.nonBlank("source", source);
    Check.nonBlank("revision", revision);
    Check.nonBlank("file", file);
    if (kind == Kind.HUB && !source.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("Hub repository id must look like org/name, got " + source);
    }
  }

  /** A file of a hub repository at {@code main}. */
  public static ModelLocation hub(String repoId, String file) {
    return new ModelLocation(Kind.HUB, repoId, "main", file);
  }

  /** A file of a local model folder. */
  public static ModelLocation local(Path dir, String file) {
    return new ModelLocation(Kind.LOCAL, dir.toString(), "local", file);
  }
}
