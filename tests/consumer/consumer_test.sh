#!/usr/bin/env bash
# Builds the consumer project against arangokit both ways and runs it.
#   consumer_test.sh <arangokit source dir> <scratch dir> install|subdir
set -euo pipefail
src="$1"; work="$2"; mode="$3"
rm -rf "$work"; mkdir -p "$work"
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ "$mode" = install ]; then
  cmake -S "$src" -B "$work/lib" -G Ninja -DARANGOKIT_BUILD_TESTS=OFF -DARANGOKIT_BUILD_EXAMPLES=OFF \
        -DARANGOKIT_BUILD_SIMULATOR=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
  cmake --install "$work/lib" >/dev/null
  test -f "$work/prefix/lib/cmake/arangokit/arangokit-config.cmake"
  test -f "$work/prefix/lib/cmake/arangokit/arangokit-config-version.cmake"
  test -f "$work/prefix/include/arangokit.hpp"
  cmake -S "$src/tests/consumer/project" -B "$work/app" -G Ninja "${launcher[@]}" \
        -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
else
  cmake -S "$src/tests/consumer/project" -B "$work/app" -G Ninja "${launcher[@]}" \
        -DARANGOKIT_SOURCE_DIR="$src" >/dev/null
fi
cmake --build "$work/app" >/dev/null
out="$("$work/app/consumer")"
test "$out" = consumer-ok
rm -rf "$work"
echo "consumer ($mode): ok"
