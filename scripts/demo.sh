#!/usr/bin/env bash
# Installs the demo's dependencies, builds only what the demo needs (the demo program, the simulator server and
# its stand-in tools; no tests) and runs the demo scenario against the simulator (started and stopped by the
# demo). Arguments go to the demo program. The whole suite: scripts/test.sh (same build directory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
extra=()
# A fresh build directory is configured without the test suite, so configuring needs none of the test-only
# dependencies; one that scripts/test.sh configured keeps its tests (they are not built here either way).
if [ ! -f "$build/CMakeCache.txt" ]; then
  extra=(-DARANGOKIT_BUILD_TESTS=OFF)
fi
ARANGOKIT_DEPS=demo ARANGOKIT_TARGETS="arangokit_demo arangosim arangosim_tools" \
  "$root/scripts/build.sh" -DARANGOKIT_BUILD_EXAMPLES=ON -DARANGOKIT_BUILD_SIMULATOR=ON ${extra[@]+"${extra[@]}"} >&2
exec "$build/examples/arangokit_demo" "$@"
