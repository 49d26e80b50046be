#!/usr/bin/env bash
# Registers cegi's Java kernelspec ('cegi-java') in your own Jupyter, so the notebooks open in Jupyter Notebook or
# JupyterLab with lib on the class path.
#   bash environment/register-kernel.sh                      # the rapaio kernel installed by install.sh (default)
#   bash environment/register-kernel.sh --ijava JAR          # an IJava installation you already have
#   bash environment/register-kernel.sh --jjava JAR          # a JJava installation you already have
#   ... [--dest DIR]                                         # another kernels/ folder (default: your user one)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
kind=rapaio; flavor=ijava; jar=""; dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ijava) kind=ijava; flavor=ijava; jar="${2:?--ijava needs the path of the IJava jar}"; shift 2 ;;
    --jjava) kind=ijava; flavor=jjava; jar="${2:?--jjava needs the path of the JJava jar}"; shift 2 ;;
    --dest) dest="${2:?--dest needs a folder}"; shift 2 ;;
    *) die "unknown option '$1' (use --ijava JAR, --jjava JAR or --dest DIR)" ;;
  esac
done
[ -d "$CEGI_ROOT/lib/target/classes" ] || die "lib is not built: run 'bash environment/install.sh' first"
if [ -z "$dest" ]; then
  dest="$(env -u JUPYTER_PATH "$CEGI_JUPYTER" --data-dir 2>/dev/null || echo "$HOME/.local/share/jupyter")/kernels"
fi
if [ "$kind" = rapaio ]; then
  jar="$(ls "$CEGI_BUILD"/kernel/rapaio-jupyter-kernel-*.jar 2>/dev/null | head -n 1 || true)"
  [ -n "$jar" ] || die "no rapaio kernel in build/kernel: run 'bash environment/install.sh' first"
  target=$("$CEGI_PY" "$CEGI_ROOT/environment/kernelspec.py" rapaio --dest "$dest" --java "$CEGI_JAVA" \
    --kernel-jar "$jar" --patch "$CEGI_BUILD/kernel/patch" --root "$CEGI_ROOT")
else
  [ -f "$jar" ] || die "kernel jar '$jar' not found"
  target=$("$CEGI_PY" "$CEGI_ROOT/environment/kernelspec.py" ijava --flavor "$flavor" --dest "$dest" \
    --java "$CEGI_JAVA" --kernel-jar "$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")" --root "$CEGI_ROOT")
fi
log "kernelspec 'cegi-java' ($kind) written to $target"
