#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs dependencies, builds, runs ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
# Every area, whatever an earlier configure of this build directory cached.
"$root/scripts/build.sh" -DARANGOKIT_BUILD_TESTS=ON -DARANGOKIT_BUILD_EXAMPLES=ON -DARANGOKIT_TEST_AREAS=
cd "$build"
ctest --output-on-failure -j 2 "$@"
