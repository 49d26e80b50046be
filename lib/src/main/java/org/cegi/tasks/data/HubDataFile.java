package org.cegi.tasks.data;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cegi.internal.Check;
import org.cegi.model.hub.HubClient;

/**
 * A file of a Hugging Face Hub data set repository, written in a plan's {@code source:} as
 * {@code hf://datasets/{org}/{name}[@{revision}]/{path in the repository}} — the address pandas and
 * {@code huggingface_hub} read; a revision with slashes is URL-encoded ({@code @refs%2Fpr%2F7}). It is fetched
 * through {@link HubClient#downloadDataset} (hub cache {@code datasets--org--name}, resume, SHA-256, {@code HF_TOKEN},
 * offline mode) and then read like a local file.
 *
 * <pre>{@code
 * HubDataFile f = HubDataFile.parse("hf://datasets/gretelai/synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet");
 * Path local = f.download(HubClient.builder().build());
 * }</pre>
 *
 * @param repo the data set repository, {@code org/name}
 * @param revision a branch, tag or commit ({@code main} unless given)
 * @param file the path inside the repository, e.g. {@code data/test-00000-of-00001.parquet}
 */
public record HubDataFile(String repo, String revision, String file) {
  /** What every Hub data set source starts with. */
  public static final String PREFIX = "hf://datasets/";

  public HubDataFile {
    Check.nonBlank("repo", repo);
    Check.nonBlank("revision", revision);
    Check.nonBlank("file", file);
    if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("Hub data set id must look like org/name, got " + repo
          + " (SAMSum is Samsung/samsum).");
    }
    if (file.startsWith("/") || file.contains("..") || file.contains("*")) {
      throw new IllegalArgumentException("Hub data set file must be one relative path inside " + repo + ", got "
          + file + " (no wildcards: name one file, e.g. data/test-00000-of-00001.parquet).");
    }
  }

  /** Whether a plan source names a Hub file ({@code hf://…}) rather than a local path. */
  public static boolean isHub(String source) {
    return source.startsWith("hf://");
  }

  /**
   * Parses {@code hf://datasets/{org}/{name}[@{revision}]/{file}}.
   *
   * @throws IllegalArgumentException naming the source and the expected form
   */
  public static HubDataFile parse(String source) {
    Check.notNull("source", source);
    String example = " Write hf://datasets/{org}/{name}[@{revision}]/{file}, e.g. " + PREFIX
        + "gretelai/synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet, or give a local path.";
    if (!source.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Data source " + source + " is not a Hub data set file." + example);
    }
    String rest = source.substring(PREFIX.length());
    String[] parts = rest.split("/", 3);
    if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
      throw new IllegalArgumentException("Data source " + source + " names no file inside a repository." + example);
    }
    String name = parts[1];
    String revision = "main";
    int at = name.indexOf('@');
    if (at >= 0) {
      revision = URLDecoder.decode(name.substring(at + 1), StandardCharsets.UTF_8);
      name = name.substring(0, at);
      if (revision.isBlank()) {
        throw new IllegalArgumentException("Data source " + source + " has an empty revision after @." + example);
      }
    }
    try {
      return new HubDataFile(parts[0] + "/" + name, revision, parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Data source " + source + ": " + e.getMessage() + example, e);
    }
  }

  /** The {@code hf://datasets/…} address (the revision only when it is not {@code main}). */
  public String uri() {
    String rev = revision.equals("main") ? "" : "@" + URLEncoder.encode(revision, StandardCharsets.UTF_8);
    int slash = repo.indexOf('/');
    return PREFIX + repo.substring(0, slash) + "/" + repo.substring(slash + 1) + rev + "/" + file;
  }

  /** Fetches the file into the hub cache (or finds it there) and returns its local path. */
  public Path download(HubClient hub) {
    return Check.notNull("hub", hub).downloadDataset(repo, revision, file);
  }

  @Override
  public String toString() {
    return uri();
  }
}
