#!/usr/bin/env bash
# Builds arangokit and runs the demo scenario against the simulator (started and stopped by the demo).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" -DARANGOKIT_BUILD_EXAMPLES=ON >&2
exec "$build/examples/arangokit_demo" "$@"
