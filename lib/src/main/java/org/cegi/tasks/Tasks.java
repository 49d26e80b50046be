package org.cegi.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in tasks by name.
 *
 * <pre>{@code
 * Task sql = Tasks.named("text-to-sql");
 * List<Task> all = Tasks.all();
 * }</pre>
 */
public final class Tasks {
  private static final Map<String, Task> BUILT_IN = new LinkedHashMap<>();

  static {
    for (Task t : List.of(new CaptioningTask(), new VqaTask(), new SummarizationTask(), new TextToSqlTask())) {
      BUILT_IN.put(t.name(), t);
    }
  }

  private Tasks() {}

  /** Every built-in task. */
  public static List<Task> all() {
    return List.copyOf(BUILT_IN.values());
  }

  /** Names of the built-in tasks. */
  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /**
   * A task by name ({@code captioning}, {@code vqa}, {@code summarization}, {@code text-to-sql}; case and
   * {@code _}/{@code -} do not matter).
   *
   * @throws IllegalArgumentException naming the known tasks for an unknown name
   */
  public static Task named(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    Task t = BUILT_IN.get(key);
    if (t == null) {
      throw new IllegalArgumentException("Unknown task \"" + name + "\": use one of " + names() + ".");
    }
    return t;
  }

  /** First non-empty line of a model's output, without a leading label such as {@code Answer:} and quotes. */
  static String firstLine(String output, String... labels) {
    String text = output.strip();
    for (String line : text.split("\\R")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      for (String label : labels) {
        if (l.toLowerCase(Locale.ROOT).startsWith(label.toLowerCase(Locale.ROOT))) {
          l = l.substring(label.length()).strip();
          break;
        }
      }
      if (l.length() >= 2 && (l.startsWith("\"") && l.endsWith("\"") || l.startsWith("'") && l.endsWith("'"))) {
        l = l.substring(1, l.length() - 1).strip();
      }
      if (!l.isEmpty()) {
        return l;
      }
    }
    return "";
  }
}
