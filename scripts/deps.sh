#!/usr/bin/env bash
# Installs what arangokit needs from Debian, idempotently. Safe to run again and again.
#   scripts/deps.sh          everything: the library, the simulator, the test suite, sanitizers, fuzzing, format
#   scripts/deps.sh --demo   only what the demo needs (the library, the simulator, its Node.js tools)
set -euo pipefail
DEMO_PKGS=(g++ cmake ninja-build ccache pkg-config libboost1.81-dev libboost-json1.81-dev
           libssl-dev zlib1g-dev libarchive-dev nodejs procps)
PKGS=("${DEMO_PKGS[@]}" libboost-test1.81-dev libboost-filesystem1.81-dev libgtest-dev catch2
      zip unzip tar gzip openssl nginx-light clang-14 libclang-rt-14-dev clang-format-14
      libxml2-utils chromium)
if [ "${1:-}" = --demo ]; then
  PKGS=("${DEMO_PKGS[@]}")
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from another source than Debian's package; accept any node >= 18 on PATH.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
# npm installs the pinned arangojs of the driver tests (tests/driver) and the pinned puppeteer-core of the live
# status page test (tests/reports/browser, which drives the chromium above) into the build tree; Debian ships it apart.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
missing=(${missing[@]+"${missing[@]}"})
if ((${#missing[@]})); then
  echo "arangokit: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
