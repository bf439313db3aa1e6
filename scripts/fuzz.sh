#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time each, starting from the committed seed corpus.
#   scripts/fuzz.sh [seconds-per-target] [target...]      (default 60 s, all targets)
# Needs clang-14 with its sanitizer/fuzzer runtimes (Debian: clang-14 libclang-rt-14-dev).
# New interesting inputs go to $FUZZ_WORK/<target>/ (default build-fuzz/work), never into the committed corpus.
# A crash leaves its input in $FUZZ_WORK/crashes/<target>/ and the script exits non-zero: fix the bug, then copy
# the input to fuzz/regressions/<target>/ so that the normal suite (ctest -L fuzz) replays it forever.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-60}"
shift || true
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
work="${FUZZ_WORK:-$build/work}"
cxx="${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}"
if [ -z "$cxx" ]; then
  echo "fuzz.sh: clang++ not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi
generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR=1
fi
cmake -S "$root/fuzz" -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${FUZZ_JOBS:-2}"

if (($#)); then targets=("$@"); else
  targets=(); for d in "$root"/fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi
status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz_$t"
  mkdir -p "$work/$t" "$work/crashes/$t"
  dirs=("$work/$t" "$root/fuzz/corpus/$t")
  [ -d "$root/fuzz/regressions/$t" ] && dirs+=("$root/fuzz/regressions/$t")
  echo "== fuzz_$t for ${secs}s"
  start=$(date +%s)
  if ! ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1" \
       "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$work/crashes/$t/" "${dirs[@]}" >"$work/$t.log" 2>&1; then
    echo "fuzz_$t FAILED: see $work/$t.log and $work/crashes/$t/" >&2
    tail -40 "$work/$t.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/$t.log" | tr '\n' ' '
  echo "($(( $(date +%s) - start ))s)"
done
exit $status
