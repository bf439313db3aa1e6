#!/usr/bin/env bash
# Builds and runs the test suite under sanitizers, in its own build directory.
#   scripts/sanitize.sh [asan|tsan] [ctest args...]
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer), build-asan/, whole suite by default
#   tsan  ThreadSanitizer, build-tsan/, the concurrency tests by default (-L "process|threads|groups|scenarios")
# Environment:
#   SANITIZE_BUILD_DIR   build directory (default <repo>/build-asan or build-tsan)
#   SANITIZE_JOBS        build and test parallelism (default 2)
#   SANITIZE_AREAS       ;-list for ARANGOKIT_TEST_AREAS (default: all areas for asan,
#                        "helper;process;threads;groups;scenarios" for tsan)
#   SANITIZE_CMAKE_ARGS  extra cmake arguments (default: examples on for asan, off for tsan)
#   CXX                  compiler (default g++; clang++ works too)
# Every sanitizer report fails the test that triggered it (halt_on_error / -fno-sanitize-recover) and is also
# written to <build>/sanitizer-logs/. The script prints the total duration at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-asan}"
(($#)) && shift
jobs="${SANITIZE_JOBS:-2}"
start=$(date +%s)

case "$mode" in
  asan)
    # -O0: the sanitized build of the whole tree is CI's longest step; -O0 halves its compile time (measured
    # 102 s -> 53 s for tests/process) and the suite is bound by child processes, not by its own speed.
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g1 -O0"
    build="${SANITIZE_BUILD_DIR:-$root/build-asan}"
    default_args=()
    # The whole suite includes the examples (they are ctests too).
    : "${SANITIZE_CMAKE_ARGS:=-DARANGOKIT_BUILD_EXAMPLES=ON}"
    ;;
  tsan)
    flags="-fsanitize=thread -fno-omit-frame-pointer -g1 -O1 -Wno-tsan"
    build="${SANITIZE_BUILD_DIR:-$root/build-tsan}"
    default_args=(-L "process|threads|groups|scenarios")
    # Only the areas with concurrency are built unless SANITIZE_AREAS says otherwise.
    : "${SANITIZE_AREAS:=helper;process;threads;groups;scenarios}"
    : "${SANITIZE_CMAKE_ARGS:=-DARANGOKIT_BUILD_EXAMPLES=OFF}"
    ;;
  *)
    echo "usage: $0 [asan|tsan] [ctest args...]" >&2
    exit 2
    ;;
esac

logs="$build/sanitizer-logs"
mkdir -p "$logs"
generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout, so any clone of the tree (CI's fresh one included) shares the cache.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR=1
fi
# Always passed: an empty value means every area (a value cached by an earlier run must not stick).
areas=(-DARANGOKIT_TEST_AREAS="${SANITIZE_AREAS:-}")
cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" "${areas[@]}" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG= -DCMAKE_C_FLAGS_DEBUG= -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" ${SANITIZE_CMAKE_ARGS:-}
built=$(date +%s)
cmake --build "$build" -j"$jobs"
echo "sanitize.sh: $mode build took $(( $(date +%s) - built ))s"

# Children (ak_helper, arangosim, the stand-in tools) are sanitized too and inherit these.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0:disable_coredump=0:log_path=$logs/asan:log_exe_name=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan:log_exe_name=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:disable_coredump=0:log_path=$logs/tsan:log_exe_name=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"

args=("$@")
((${#args[@]})) || args=(${default_args[@]+"${default_args[@]}"})
tested=$(date +%s)
status=0
(cd "$build" && ctest --output-on-failure -j"$jobs" ${args[@]+"${args[@]}"}) || status=$?
echo "sanitize.sh: $mode ctest took $(( $(date +%s) - tested ))s"

# A report from a child process does not always fail a test (a tool's exit code may be expected to be
# non-zero); any report at all fails the script.
reports=$(find "$logs" -type f -newermt "@$tested" 2>/dev/null | sort)
if [ -n "$reports" ]; then
  echo "sanitize.sh: sanitizer reports:" >&2
  for f in $reports; do echo "--- $f" >&2; head -60 "$f" >&2; done
  status=1
fi
echo "sanitize.sh: $mode total $(( $(date +%s) - start ))s, status $status"
exit $status
