#!/usr/bin/env bash
# The performance suite in one command: builds the benchmark programs, runs every workload with every
# implementation side by side (interleaved repetitions), prints medians, min-max and ratios to plain C, writes
# the JSON results and renders them into docs/performance.md. See docs/performance.md.
#
#   scripts/bench.sh [--quick | --smoke] [--only W1,W3-lines,...] [--reps N] [--build-dir DIR] [--no-render]
#
#   (default)   the full suite as the issue specifies it (about 8-10 minutes on 2 busy vCPUs)
#   --quick     same workloads, smaller sizes, 3 repetitions (about 3 minutes)
#   --smoke     tiny sizes, 1 repetition: proves the programs still run (used by the bench-smoke ctest)
#   --baseline REV  also builds REV (a git revision) in a worktree under the build dir and adds its runner
#               rows to W1 and W5, measured in the same run (before/after a change)
# Results: <build-dir>/bench-results.json; docs/performance.md is updated unless --smoke or --no-render.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ARANGOKIT_BENCH_BUILD_DIR:-$ROOT/build-bench}"
MODE=full
RENDER=1
SKIP_BUILD=0
PASS=()
while (($#)); do
  case "$1" in
    --quick) MODE=quick; PASS+=(--quick) ;;
    --smoke) MODE=smoke; PASS+=(--smoke); RENDER=0 ;;
    --only) PASS+=(--only "$2"); shift ;;
    --reps) PASS+=(--reps "$2"); shift ;;
    --build-dir) BUILD="$2"; shift ;;
    --no-build) SKIP_BUILD=1 ;;
    --no-render) RENDER=0 ;;
    --baseline) BASE_REV="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if ((!SKIP_BUILD)); then
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DARANGOKIT_BUILD_BENCH=ON \
      -DARANGOKIT_BUILD_EXAMPLES=OFF -DARANGOKIT_TEST_AREAS=helper \
      $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
  fi
  cmake --build "$BUILD" --target arangokit_bench arangosim arangosim_tools -j"$(nproc)" >&2
fi
if [ -n "${BASE_REV:-}" ]; then
  BASE_SRC="$BUILD/baseline-src"
  BASE_BUILD="$BUILD/baseline-build"
  rm -rf "$BASE_SRC"
  git -C "$ROOT" worktree prune
  git -C "$ROOT" worktree add --detach -f "$BASE_SRC" "$BASE_REV" >/dev/null
  cmake -S "$BASE_SRC" -B "$BASE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DARANGOKIT_BUILD_BENCH=ON \
    -DARANGOKIT_BUILD_EXAMPLES=OFF -DARANGOKIT_TEST_AREAS=helper \
    $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
  cmake --build "$BASE_BUILD" --target ak_bench group_stop -j"$(nproc)" >&2
  export ARANGOKIT_BENCH_BASELINE="$BASE_BUILD" ARANGOKIT_BENCH_BASELINE_LABEL="$(git -C "$ROOT" rev-parse --short "$BASE_REV")"
fi
CMD="scripts/bench.sh${MODE:+ }$([ "$MODE" = full ] || echo "--$MODE")"
ARGS=(--build "$BUILD" --json "$BUILD/bench-results.json" --command "${CMD% }")
((RENDER)) && ARGS+=(--render "$ROOT/docs/performance.md")
exec python3 "$ROOT/bench/run.py" "${ARGS[@]}" ${PASS[@]+"${PASS[@]}"}
