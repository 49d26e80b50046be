package org.cegi.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run did and where it wrote it.
 *
 * @param runId the plan's run id
 * @param shard the slice run
 * @param resultsFile one row per request
 * @param phasesFile one row per load / warm-up / scoring window
 * @param summaryFile the aggregates
 * @param requests requests of this shard
 * @param written rows written by this execution
 * @param resumed rows found already written
 * @param errors rows written with an error
 * @param seconds wall time of this execution
 * @param summary aggregates per variant × task
 */
public record RunResult(String runId, Shard shard, Path resultsFile, Path phasesFile, Path summaryFile,
    int requests, int written, int resumed, int errors, double seconds, List<Aggregates.Row> summary) {
  public RunResult {
    summary = List.copyOf(summary);
  }
}
