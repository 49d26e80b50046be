package org.cegi.tasks.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cegi.internal.Check;
import org.cegi.tasks.Tasks;

/**
 * The paper's data sets on the Hugging Face Hub: repository ids and, where they could be established from the
 * repositories' published file listings, the file of each split, ready to be written as a plan's
 * {@code source: hf://datasets/…}. Entries whose files could not be established say so ({@link Entry#note()}) and
 * have no splits: download the file yourself and give its local path.
 *
 * <pre>{@code
 * HubDataFile test = HubDatasets.forTask("text-to-sql").file("test");
 * // hf://datasets/gretelai/synthetic_text_to_sql/synthetic_text_to_sql_test.snappy.parquet
 * }</pre>
 */
public final class HubDatasets {
  private HubDatasets() {}

  /**
   * A data set of the paper.
   *
   * @param task the task it serves
   * @param repo the Hub repository ({@code org/name})
   * @param splits split → file inside the repository (revision {@code main}); empty when not established
   * @param note how the files were established, and what is unverified
   */
  public record Entry(String task, String repo, Map<String, String> splits, String note) {
    public Entry {
      Check.nonBlank("task", task);
      Check.nonBlank("repo", repo);
      splits = Map.copyOf(new TreeMap<>(Check.notNull("splits", splits)));
      Check.nonBlank("note", note);
    }

    /**
     * The Hub file of a split.
     *
     * @throws IllegalArgumentException when the split's file is not known, saying what to do instead
     */
    public HubDataFile file(String split) {
      String f = splits.get(split);
      if (f == null) {
        throw new IllegalArgumentException("No known Hub file for split " + split + " of " + repo + " ("
            + (splits.isEmpty() ? "none established" : "known: " + new TreeMap<>(splits).keySet()) + "). " + note);
      }
      return new HubDataFile(repo, "main", f);
    }
  }

  private static final List<Entry> PAPER = List.of(
      new Entry("captioning", "alfredplpl/artbench-pd-256x256",
          Map.of("train", "data/train-00000-of-00003-4c3fdb0c6fcc316c.parquet"),
          "Train split only, three Parquet shards (data/train-00000-of-00003-4c3fdb0c6fcc316c.parquet,"
              + " data/train-00001-of-00003-6973a91b2d9436c5.parquet,"
              + " data/train-00002-of-00003-f7e639b628f31f3c.parquet), from the repository's file listing at"
              + " commit cdb2d93; a later commit may rename them. The caption column's name is not verified"
              + " (the loader takes the first of references, captions, caption, text)."),
      new Entry("vqa", "flaviagiammarino/path-vqa", Map.of(),
          "Parquet shards data/train-*.parquet, data/validation-*.parquet and data/test-*.parquet (the pattern is"
              + " established, the exact shard names are not): look them up on the repository's Files tab and"
              + " write hf://datasets/flaviagiammarino/path-vqa/data/<shard>.parquet, or download them and give"
              + " the local path."),
      new Entry("summarization", "Samsung/samsum", Map.of(),
          "The main branch ships only data/corpus.7z (7-Zip, which the loaders do not read; the legacy id"
              + " samsum redirects here); a Parquet conversion exists only in pull request refs/pr/7, with"
              + " unverified file names. Extract test.json from corpus.7z and give its local path."),
      new Entry("text-to-sql", "gretelai/synthetic_text_to_sql",
          Map.of("train", "synthetic_text_to_sql_train.snappy.parquet",
              "test", "synthetic_text_to_sql_test.snappy.parquet"),
          "Both files are named on the data set's own page (pandas example)."));

  /** The paper's four data sets, one per task. */
  public static List<Entry> paper() {
    return PAPER;
  }

  /** The paper's data set of a task. */
  public static Entry forTask(String task) {
    String name = Tasks.named(task).name();
    return PAPER.stream().filter(e -> e.task().equals(name)).findFirst().orElseThrow();
  }
}
