#!/usr/bin/env bash
# Runs one of the committed benchmarks with the project's JVM flags (DJL offline, build-local engine cache) and
# prints its figures. Benchmarks assert nothing; they are for the numbers in a note or a paper.
#   bash environment/bench.sh energy [rounds]        window begin+end cost and sampler CPU share (NVML faked)
#   bash environment/bench.sh metrics                corpus BLEU / ROUGE-L over 10k pairs, CIDEr-D over 5k images
#   bash environment/bench.sh generation [DIR] [...] decode tok/s, TTFT, share outside the ONNX session call
# Pin to one core for the metrics targets with: CEGI_BENCH_CPUS=0 bash environment/bench.sh metrics
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
which="${1:-}"; shift || true
case "$which" in
  energy) main=org.cegi.bench.EnergyBench ;;
  metrics) main=org.cegi.eval.bench.MetricsBenchmark ;;
  generation) main=org.cegi.model.onnx.GenerationBenchmark ;;
  *) die "name a benchmark: energy, metrics or generation (got '${which}')" ;;
esac
cd "$CEGI_ROOT"
cp_file="$CEGI_ROOT/lib/target/test-classpath.txt"
"${CEGI_MVN[@]}" -pl lib test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cp="$CEGI_ROOT/lib/target/classes:$CEGI_ROOT/lib/target/test-classes:$(cat "$cp_file")"
args=("$@")
if [ "$which" = generation ] && [ ${#args[@]} -eq 0 ]; then args=("$CEGI_BUILD/bench-qwen2"); fi
pin=(); cpus=()
if [ -n "${CEGI_BENCH_CPUS:-}" ]; then
  pin=(taskset -c "$CEGI_BENCH_CPUS")
  n=$(taskset -c "$CEGI_BENCH_CPUS" nproc)
  cpus=(-XX:ActiveProcessorCount="$n")
fi
exec "${pin[@]}" "$CEGI_JAVA" "${CEGI_DJL_FLAGS[@]}" "${cpus[@]}" -Xmx6g -Dcegi.root="$CEGI_ROOT" -cp "$cp" "$main" "${args[@]}"
