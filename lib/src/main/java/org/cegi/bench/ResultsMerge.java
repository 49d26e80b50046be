package org.cegi.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Joins the files of a sharded run: every {@code results*.csv} and {@code phases*.csv} found in the inputs (files
 * or folders) into one {@code results.csv} and {@code phases.csv}, de-duplicating requests on
 * (variant, task, item_id, repeat) — the first row wins — and writes {@code summary.csv} over the merged rows.
 *
 * <pre>{@code
 * ResultsMerge.Outcome o = ResultsMerge.merge(List.of(Path.of("build/runs/sweep")), Path.of("build/runs/sweep-all"), 42);
 * }</pre>
 */
public final class ResultsMerge {
  private ResultsMerge() {}

  /**
   * What a merge wrote.
   *
   * @param inputs result files read
   * @param rows rows written
   * @param duplicates rows dropped because their key was already present
   * @param results the merged results file
   * @param summary the aggregates of the merged rows
   */
  public record Outcome(List<Path> inputs, int rows, int duplicates, Path results, Path summary) {}

  /** Merges the result (and phase) files of the inputs into {@code out}. */
  public static Outcome merge(List<Path> inputs, Path out, long seed) {
    List<Path> results = new ArrayList<>();
    List<Path> phases = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        try (Stream<Path> s = Files.list(in)) {
          s.sorted().forEach(p -> {
            String n = p.getFileName().toString();
            if (n.startsWith("results") && n.endsWith(".csv")) {
              results.add(p);
            } else if (n.startsWith("phases") && n.endsWith(".csv")) {
              phases.add(p);
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + in + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(in)) {
        results.add(in);
      } else {
        throw new IllegalArgumentException("Merge input " + in + " does not exist: give result files or the"
            + " output folders of the shards.");
      }
    }
    Path target = out.resolve("results.csv");
    results.removeIf(p -> p.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize()));
    if (results.isEmpty()) {
      throw new IllegalArgumentException("No results*.csv file in " + inputs + ": run `cegi run --plan PLAN"
          + " --shard I/N` first.");
    }
    try {
      Files.createDirectories(out);
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write into " + out + ": " + e.getMessage(), e);
    }
    int rows = 0;
    int dups = 0;
    List<Map<String, String>> all = new ArrayList<>();
    try (ResultsFile f = ResultsFile.open(target, Columns.RESULTS, Columns.RESULT_KEY)) {
      for (Path p : results) {
        for (Map<String, String> r : ResultsFile.read(p)) {
          if (f.done().contains(f.key(r))) {
            dups++;
            continue;
          }
          Map<String, String> row = new LinkedHashMap<>();
          Columns.RESULTS.forEach(c -> row.put(c, r.getOrDefault(c, "")));
          f.append(row);
          all.add(row);
          rows++;
        }
      }
    }
    Path phaseTarget = out.resolve("phases.csv");
    phases.removeIf(p -> p.toAbsolutePath().normalize().equals(phaseTarget.toAbsolutePath().normalize()));
    if (!phases.isEmpty()) {
      try {
        Files.deleteIfExists(phaseTarget);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (ResultsFile f = ResultsFile.open(phaseTarget, Columns.PHASES, List.of("shard", "variant", "task",
          "phase", "batch", "finished_utc"))) {
        for (Path p : phases) {
          for (Map<String, String> r : ResultsFile.read(p)) {
            Map<String, String> row = new LinkedHashMap<>();
            Columns.PHASES.forEach(c -> row.put(c, r.getOrDefault(c, "")));
            f.append(row);
          }
        }
      }
    }
    Path summary = out.resolve("summary.csv");
    Aggregates.write(summary, Aggregates.of(all, seed));
    return new Outcome(List.copyOf(results), rows, dups, target, summary);
  }
}
