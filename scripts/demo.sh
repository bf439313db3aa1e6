#!/usr/bin/env bash
# Installs the dependencies, builds only what the demo needs (the demo program, the simulator server and its
# stand-in tools; no tests) and runs the demo scenario against the simulator (started and stopped by the demo).
# Arguments go to the demo program (--help lists them). The whole suite: scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
ARANGOKIT_TARGETS="arangokit_demo arangosim arangosim_tools" \
  "$root/scripts/build.sh" -DARANGOKIT_BUILD_EXAMPLES=ON -DARANGOKIT_BUILD_SIMULATOR=ON >&2
exec "$build/examples/arangokit_demo" "$@"
