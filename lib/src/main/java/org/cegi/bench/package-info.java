/**
 * Runs: a {@link org.cegi.bench.RunPlan} (variants × tasks, read from YAML) executed by {@link org.cegi.bench.Run},
 * which measures every batch and phase in its own energy window, scores the answers, appends one row per request
 * to a resumable CSV file, shards a sweep, merges shards ({@link org.cegi.bench.ResultsMerge}) and aggregates
 * quality, energy and emissions per variant and task with 95 % intervals ({@link org.cegi.bench.Aggregates}).
 */
package org.cegi.bench;
