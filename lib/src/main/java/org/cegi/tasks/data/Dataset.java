package org.cegi.tasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cegi.internal.Check;
import org.cegi.tasks.TaskItem;

/**
 * The items of one task's data set, with where they came from.
 *
 * <pre>{@code
 * Dataset d = Datasets.bundled("summarization");        // 40+ items the project wrote itself
 * Dataset ten = d.sample(10, 42);                        // seeded, reproducible
 * }</pre>
 *
 * @param name a short name ({@code samsum}, {@code bundled/summarization}, …)
 * @param task the task the items are for
 * @param source the file(s) read and the split
 * @param items the items, ids unique
 */
public record Dataset(String name, String task, String source, List<TaskItem> items) {
  public Dataset {
    Check.nonBlank("name", name);
    Check.nonBlank("task", task);
    Check.nonBlank("source", source);
    items = List.copyOf(Check.noNulls("items", items));
    Set<String> ids = new HashSet<>();
    for (TaskItem i : items) {
      if (!ids.add(i.id())) {
        throw new IllegalArgumentException("Data set " + name + " (" + source + ") repeats item id " + i.id()
            + ": item ids must be unique so that results can be resumed and merged.");
      }
    }
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /**
   * {@code n} items drawn without replacement by a seeded shuffle (the same seed gives the same items in the same
   * order); {@code n} equal to the size keeps every item, shuffled.
   *
   * @throws IllegalArgumentException when {@code n} is not within 1..size
   */
  public Dataset sample(int n, long seed) {
    if (n < 1 || n > items.size()) {
      throw new IllegalArgumentException("Cannot sample " + n + " items from data set " + name + " (" + source
          + "), which has " + items.size() + ": ask for 1.." + items.size() + " samples.");
    }
    List<TaskItem> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(seed));
    return new Dataset(name, task, source + " (sample of " + n + ", seed " + seed + ")", shuffled.subList(0, n));
  }
}
