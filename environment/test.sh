#!/usr/bin/env bash
# All tests: installs what is missing, then runs the unit tests (Surefire) and the integration tests (Failsafe),
# which execute every notebook on the 'cegi-java' kernel. GPU tests run only where an NVIDIA driver is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$CEGI_ROOT/environment/install.sh"
groups="gpu"
if [ -e /dev/nvidiactl ] || ldconfig -p 2>/dev/null | grep libnvidia-ml.so.1 >/dev/null; then groups=""; fi
cd "$CEGI_ROOT"
exec mvn -B -ntp -Dstyle.color=never -Dcegi.excludedGroups="$groups" verify "$@"
