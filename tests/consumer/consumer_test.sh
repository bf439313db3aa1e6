#!/usr/bin/env bash
# Builds the consumer project against arangokit both ways and runs it.
#   consumer_test.sh <arangokit source dir> <scratch dir> install|subdir
# install: arangokit is configured with the simulator, built, installed into <scratch>/prefix; the consumer finds
# it with find_package, and its Boost.Test program starts the simulator with default options, which must be the
# installed one (ARANGOKIT_SIM_BIN_DIR is unset, and the build tree's sim-bin/ above the consumer must lose).
# subdir: arangokit is added with add_subdirectory; only the `consumer` program is built and run.
set -euo pipefail
src="$1"; work="$2"; mode="$3"
rm -rf "$work"; mkdir -p "$work"
unset ARANGOKIT_SIM_BIN_DIR
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # The simulator's objects are the main build's (same sources, flags and build type): cache hits.
  export CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=1
fi
step() { echo "consumer ($mode): $*"; }
if [ "$mode" = install ]; then
  step "configure, build and install arangokit with the simulator"
  cmake -S "$src" -B "$work/lib" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
        -DARANGOKIT_BUILD_TESTS=OFF -DARANGOKIT_BUILD_EXAMPLES=OFF -DARANGOKIT_BUILD_SIMULATOR=ON \
        -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
  cmake --build "$work/lib" -j 2 >/dev/null
  cmake --install "$work/lib" >/dev/null
  p="$work/prefix"
  for f in lib/cmake/arangokit/arangokit-config.cmake lib/cmake/arangokit/arangokit-config-version.cmake \
           include/arangokit.hpp include/arangokit/testing/run_capped.hpp include/arangokit/testing/boost_test.hpp \
           include/arangokit/testing/gtest.hpp include/arangokit/testing/catch2.hpp \
           include/arangokit/testing/detail/installed_simulator.hpp \
           libexec/arangokit/sim-tools/lib/main.js libexec/arangokit/sim-tools/arangosh/main.js \
           libexec/arangokit/sim-tools/data/arango-client-tools.json; do
    test -f "$p/$f" || { echo "consumer (install): $f was not installed" >&2; exit 1; }
  done
  for t in arangosim arangosh arangodump arangorestore arangoimport arangoexport arangobench arangobackup; do
    test -x "$p/libexec/arangokit/sim-bin/$t" || { echo "consumer (install): sim-bin/$t was not installed" >&2; exit 1; }
  done
  # The installed stand-in tools run from the install alone.
  "$p/libexec/arangokit/sim-bin/arangodump" --version | grep -q . || { echo "consumer (install): arangodump --version failed" >&2; exit 1; }
  step "build the consumer against the installed package"
  cmake -S "$src/tests/consumer/project" -B "$work/app" -G Ninja "${launcher[@]}" \
        -DCMAKE_PREFIX_PATH="$p" -DCONSUMER_SIMULATOR=ON -DCONSUMER_FRAMEWORKS_REQUIRED=ON >/dev/null
  export CONSUMER_PREFIX="$p"
else
  step "build the consumer with arangokit as a subdirectory"
  cmake -S "$src/tests/consumer/project" -B "$work/app" -G Ninja "${launcher[@]}" \
        -DARANGOKIT_SOURCE_DIR="$src" >/dev/null
fi
if [ "$mode" = subdir ]; then
  # The vendored build proves the targets and flags; the test programs are checked once, against the install.
  cmake --build "$work/app" -j 2 --target consumer >/dev/null
  test "$("$work/app/consumer")" = consumer-ok
  rm -rf "$work"
  echo "consumer ($mode): ok"
  exit 0
fi
cmake --build "$work/app" -j 2 >/dev/null
out="$("$work/app/consumer")"
test "$out" = consumer-ok
step "run the Boost.Test program"
"$work/app/consumer_boost_test" --log_level=message
# The adapters fail a test whose body exceeds its cap, with the message that says so.
expect_cap_failure() {
  local name="$1"; shift
  local log rc=0
  log="$("$@" 2>&1)" || rc=$?
  if [ "$rc" -eq 0 ] || ! grep -q "test body exceeded its cap of 100 ms" <<<"$log"; then
    echo "consumer ($mode): $name: a hung body did not fail the test with the cap message (exit $rc):" >&2
    echo "$log" >&2
    exit 1
  fi
}
expect_cap_failure Boost.Test "$work/app/consumer_boost_test" --run_test=hangs
step "run the GoogleTest and Catch2 programs"
"$work/app/consumer_gtest" --gtest_brief=1
"$work/app/consumer_catch2"
expect_cap_failure Catch2 "$work/app/consumer_catch2" hangs
# Each component target alone: find_package(arangokit COMPONENTS <c>), link arangokit::<c>, include only its header.
for c in process arango http artifacts; do
  step "build and run the $c component alone"
  cmake -S "$src/tests/consumer/components" -B "$work/component-$c" -G Ninja "${launcher[@]}" \
        -DCMAKE_PREFIX_PATH="$p" -DCONSUMER_COMPONENT="$c" >/dev/null
  cmake --build "$work/component-$c" -j 2 >/dev/null
  test "$("$work/component-$c/component_$c")" = component-ok
done
rm -rf "$work"
echo "consumer ($mode): ok"
