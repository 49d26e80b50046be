#!/usr/bin/env bash
# Proves that the Java kernel starts reliably: executes a one-cell notebook N times in a row, each in a fresh
# kernel, with no start retry, and counts the starts that hang (no answer within 60 s).
#   bash environment/kernel-soak.sh [N=50] [--unpatched]
# --unpatched runs the kernel jar as shipped (without cegi's LoopThread fix) for comparison.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
n="${1:-50}"; mode="${2:-patched}"
[ -f "$CEGI_BUILD/jupyter/kernels/cegi-java/kernel.json" ] || die "run 'bash environment/install.sh' first"
work="$CEGI_BUILD/kernel-soak"; rm -rf "$work"; mkdir -p "$work"
if [ "$mode" = "--unpatched" ]; then
  mkdir -p "$work/jupyter/kernels" "$work/logging-only"
  cp "$CEGI_ROOT/environment/kernel/logging.properties" "$work/logging-only/"
  "$CEGI_PY" "$CEGI_ROOT/environment/kernelspec.py" rapaio --dest "$work/jupyter/kernels" --java "$CEGI_JAVA" \
    --kernel-jar "$(ls "$CEGI_BUILD"/kernel/rapaio-jupyter-kernel-*.jar | head -n 1)" --patch "$work/logging-only" \
    --root "$CEGI_ROOT" >/dev/null
  export JUPYTER_PATH="$work/jupyter"
fi
"$CEGI_PY" - "$work/soak.ipynb" <<'PY'
import sys, nbformat as nbf
nb = nbf.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "cegi-java", "display_name": "Java (cegi)", "language": "java"}
nb.cells = [nbf.v4.new_code_cell("org.cegi.energy.Energy.ofJoules(1).wattHours()")]
nbf.write(nb, sys.argv[1])
PY
ok=0; hung=0; t0=$(date +%s)
for i in $(seq 1 "$n"); do
  if "$CEGI_PY" "$CEGI_ROOT/environment/run_notebooks.py" "$work/soak.ipynb" --out "$work/out-$i" --retries 0 \
       --no-html >"$work/run-$i.log" 2>&1; then ok=$((ok+1)); else hung=$((hung+1)); echo "run $i: no answer (see $work/run-$i.log)"; fi
done
echo "kernel-soak ($mode): $n executions, $ok answered, $hung hung, $(( $(date +%s) - t0 )) s"
[ "$hung" = 0 ]
