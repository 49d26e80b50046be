package org.cegi.bench;

import java.util.Map;

/**
 * One slice of a sweep: work unit {@code k} (in the plan's canonical order) belongs to shard {@code k mod count}.
 * Indices are 0-based, as a Slurm job array {@code --array=0-(N-1)} numbers its tasks.
 *
 * @param index 0..count-1
 * @param count number of shards (≥ 1)
 */
public record Shard(int index, int count) {
  /** The whole sweep. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("Shard " + index + "/" + count + " is invalid: use I/N with 0 <= I < N"
          + " (0-based, as SLURM_ARRAY_TASK_ID with --array=0-" + Math.max(0, count - 1) + ").");
    }
  }

  /** Parses {@code I/N}. */
  public static Shard parse(String text) {
    String[] p = text.trim().split("/");
    try {
      if (p.length == 2) {
        return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("Shard \"" + text + "\" is not I/N (e.g. 0/4, 0-based).");
  }

  /**
   * The shard of a Slurm job array task ({@code SLURM_ARRAY_TASK_ID} minus {@code SLURM_ARRAY_TASK_MIN}, of
   * {@code SLURM_ARRAY_TASK_COUNT}), or {@link #ALL} outside a job array.
   */
  public static Shard fromEnvironment(Map<String, String> env) {
    String id = env.get("SLURM_ARRAY_TASK_ID");
    String count = env.get("SLURM_ARRAY_TASK_COUNT");
    if (id == null || count == null) {
      return ALL;
    }
    try {
      int min = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0"));
      return new Shard(Integer.parseInt(id) - min, Integer.parseInt(count));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID=" + id + " / SLURM_ARRAY_TASK_COUNT=" + count
          + " are not numbers.", e);
    }
  }

  /** Whether unit {@code k} belongs to this shard. */
  public boolean owns(long k) {
    return k % count == index;
  }

  /** The file-name suffix: "" for the whole sweep, {@code .shard-0-of-4} otherwise. */
  public String suffix() {
    return count == 1 ? "" : ".shard-" + index + "-of-" + count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
