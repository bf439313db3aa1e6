#!/usr/bin/env bash
# Configures and builds arangokit into ${ARANGOKIT_BUILD_DIR:-build}. Extra args go to cmake's configure step.
# ARANGOKIT_TARGETS (space-separated) builds only those targets and what they depend on; empty: everything.
# ARANGOKIT_DEPS=demo installs only the demo's dependencies (scripts/deps.sh --demo).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ARANGOKIT_BUILD_DIR:-$root/build}"
if [ "${ARANGOKIT_DEPS:-all}" = demo ]; then "$root/scripts/deps.sh" --demo; else "$root/scripts/deps.sh"; fi
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Relative paths in the cache key: a fresh clone elsewhere (CI) still hits the cache.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${ARANGOKIT_BUILD_TYPE:-RelWithDebInfo}" \
  "${launcher[@]}" "$@" >/dev/null
targets=()
for t in ${ARANGOKIT_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" -j "${ARANGOKIT_JOBS:-2}" ${targets[@]+"${targets[@]}"}
