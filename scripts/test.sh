#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs dependencies, builds, runs ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" -DARANGOKIT_BUILD_TESTS=ON -DARANGOKIT_BUILD_EXAMPLES=ON
cd "$build"
ctest --output-on-failure -j 2 "$@"
