#!/usr/bin/env bash
# Installs what cegi needs on a Debian machine and prepares the build:
#   1. Debian packages that are missing: Jupyter (nbconvert, client), fontconfig and a font for headless charts,
#      Maven and a JDK if absent (root, or sudo, needed only when something is missing);
#   2. builds lib (mvn package, tests skipped) and its runtime class path (lib/target/dependency);
#   3. installs the rapaio Java kernel with cegi's start-up fix and a kernelspec in build/jupyter whose class path
#      holds lib, so notebooks need no magics.
# Idempotent: a second run only rebuilds. Options: --no-build (skip step 2), --with-notebook (also install the
# classic Jupyter Notebook server for interactive use).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build=1; with_notebook=0
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --with-notebook) with_notebook=1 ;;
    *) die "unknown option '$a' (use --no-build or --with-notebook)" ;;
  esac
done

# --- 1. Debian packages ---------------------------------------------------------------------------------------
missing=()
[ -x "$CEGI_JUPYTER" ] && [ -x /usr/bin/jupyter-nbconvert ] || missing+=(jupyter-nbconvert jupyter-client)
[ -x "$CEGI_PY" ] && "$CEGI_PY" -c 'import nbclient, nbconvert, nbformat, jupyter_client' 2>/dev/null \
  || missing+=(python3-nbclient python3-nbconvert python3-nbformat python3-jupyter-client)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
fc-list : family 2>/dev/null | grep -i dejavu >/dev/null || missing+=(fonts-dejavu-core)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -n "$CEGI_JAVAC" ] || missing+=(openjdk-17-jdk-headless)
if [ "$with_notebook" = 1 ] && [ ! -x /usr/bin/jupyter-notebook ]; then missing+=(jupyter-notebook); fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -z "$CEGI_JAVAC" ]; then CEGI_JAVA="$(command -v java)"; CEGI_JAVAC="$(command -v javac)"; fi
[ -n "$CEGI_JAVAC" ] || die "no javac found: install a JDK 17 or newer, or set JAVA_HOME"

# --- 2. build lib ---------------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
  log "building lib (mvn package, tests skipped)"
  (cd "$CEGI_ROOT" && "${CEGI_MVN[@]}" -DskipTests package)
fi
kernel_jar="$(ls "$CEGI_ROOT"/lib/target/kernel/rapaio-jupyter-kernel-*.jar 2>/dev/null | head -n 1 || true)"
[ -n "$kernel_jar" ] || die "lib/target/kernel has no rapaio-jupyter-kernel jar: run this script without --no-build"

# --- 3. kernel --------------------------------------------------------------------------------------------------
patch="$CEGI_BUILD/kernel/patch"
mkdir -p "$patch" "$CEGI_BUILD/engine-cache"
cp "$kernel_jar" "$CEGI_BUILD/kernel/"
kernel_jar="$CEGI_BUILD/kernel/$(basename "$kernel_jar")"
"$CEGI_JAVAC" -nowarn --release 17 -d "$patch" -cp "$kernel_jar" "$CEGI_ROOT/environment/kernel/LoopThread.java"
cp "$CEGI_ROOT/environment/kernel/logging.properties" "$patch/"
"$CEGI_PY" "$CEGI_ROOT/environment/kernelspec.py" rapaio \
  --dest "$CEGI_BUILD/jupyter/kernels" --java "$CEGI_JAVA" --kernel-jar "$kernel_jar" --patch "$patch" \
  --root "$CEGI_ROOT" >/dev/null
log "kernel 'cegi-java' ready ($("$CEGI_JAVA" -version 2>&1 | head -n 1)); kernelspec in $CEGI_BUILD/jupyter/kernels"
