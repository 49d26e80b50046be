/** Committed benchmarks of the metrics; run with the command in {@link org.cegi.eval.bench.MetricsBenchmark}. */
package org.cegi.eval.bench;
