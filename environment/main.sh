#!/usr/bin/env bash
# The main job: installs what is missing, builds lib, and executes every notebook headlessly on the embedded
# default (CPU, bundled data, no network). Executed notebooks, HTML and result files go to build/output/.
# Extra arguments go to the notebook runner (e.g. notebooks/00-quickstart.ipynb to run one).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$CEGI_ROOT/environment/install.sh"
out="$CEGI_BUILD/output"
log "executing notebooks into $out"
status=0
"$CEGI_PY" "$CEGI_ROOT/environment/run_notebooks.py" --profile main --out "$out" "$@" || status=$?
log "results: $out (open $out/html/*.html in a browser)"
exit $status
