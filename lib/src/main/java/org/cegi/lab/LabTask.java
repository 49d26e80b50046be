package org.cegi.lab;

import org.cegi.tasks.Task;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;

/**
 * The text tasks the lab fine-tunes for, each with its short key (variant names {@code lab-<key>-lora-<q>}, window
 * {@code lab/<key>-lora}), the run engine's {@link Task} that renders its prompts and scores its answers, and the
 * reply the model is trained to give.
 */
public enum LabTask {
  /** Text-to-SQL over the lab's SQLite database; gain metric {@code execution_accuracy}. */
  SQL("sql", "text-to-sql"),
  /** Dialogue summarization; gain metric {@code rougeL}. */
  SUMM("summ", "summarization");

  private final String key;
  private final String task;

  LabTask(String key, String task) {
    this.key = key;
    this.task = task;
  }

  /** Short name in variant and window names: {@code sql}, {@code summ}. */
  public String key() {
    return key;
  }

  /** The run engine's task (prompt, extraction, metrics). */
  public Task task() {
    return Tasks.named(task);
  }

  /** The measured window of this task's LoRA fine-tuning, e.g. {@code lab/sql-lora}. */
  public String window() {
    return "lab/" + key + "-lora";
  }

  /** The lab task of a run-engine task name ({@code text-to-sql}, {@code summarization}). */
  public static LabTask of(String taskName) {
    String name = Tasks.named(taskName).name();
    for (LabTask t : values()) {
      if (t.task.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("The lab has no fine-tune for task " + taskName + ": use text-to-sql or"
        + " summarization.");
  }

  /**
   * The gold reply the model learns for an item, in the form the task's {@link Task#extract} reads: the query in a
   * {@code ```sql} block as the system message asks, or the summary itself.
   */
  public String reply(TaskItem item) {
    if (item instanceof TaskItem.Sql q) {
      return "```sql\n" + q.sql() + "\n```";
    }
    if (item instanceof TaskItem.Dialogue d) {
      return d.summary();
    }
    throw new IllegalArgumentException("The lab trains on SQL and dialogue items, got " + item.getClass()
        .getSimpleName() + " (" + item.id() + ")");
  }
}
