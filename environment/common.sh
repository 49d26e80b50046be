# Shared settings for the environment scripts; sourced, not run.
# Every JVM the project starts runs DJL offline with a build-local engine cache.
CEGI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CEGI_BUILD="$CEGI_ROOT/build"
# Debian's Jupyter and Python: `python3` on PATH may be a pyenv shim without Jupyter.
CEGI_PY=/usr/bin/python3
CEGI_JUPYTER=/usr/bin/jupyter
if [ -n "${JAVA_HOME:-}" ]; then CEGI_JAVA="$JAVA_HOME/bin/java"; CEGI_JAVAC="$JAVA_HOME/bin/javac";
else CEGI_JAVA="$(command -v java || true)"; CEGI_JAVAC="$(command -v javac || true)"; fi
CEGI_DJL_FLAGS=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true "-DENGINE_CACHE_DIR=$CEGI_BUILD/engine-cache" -Djava.awt.headless=true)
export DJL_OFFLINE=true OPT_OUT_TRACKING=true ENGINE_CACHE_DIR="$CEGI_BUILD/engine-cache"
export CEGI_ROOT
# The project's kernelspec lives in build/jupyter; Jupyter finds it through JUPYTER_PATH.
export JUPYTER_PATH="$CEGI_BUILD/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
# Quiet Python's debugger warning that Debian's frozen modules trigger in every Jupyter start.
export PYDEVD_DISABLE_FILE_VALIDATION=1
CEGI_MVN=(mvn -B -q -Dstyle.color=never)
log() { printf '[cegi] %s\n' "$*" >&2; }
die() { printf '[cegi] error: %s\n' "$*" >&2; exit 1; }
