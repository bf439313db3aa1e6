#!/usr/bin/env bash
# clang-format over every tracked C and C++ file (generated headers opt out with "// clang-format off").
#   scripts/format.sh           reformat in place
#   scripts/format.sh --check   list the files that are not formatted; exit 1 if any
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "format.sh: not a git checkout; nothing to check" >&2
  exit 77
fi
fmt="${CLANG_FORMAT:-$(command -v clang-format-14 || command -v clang-format || true)}"
if [ -z "$fmt" ]; then
  echo "format.sh: clang-format not found (scripts/deps.sh installs clang-format-14)" >&2
  exit 2
fi
# Untracked (not ignored) files too: a new file is formatted before its first commit.
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.hpp' '*.cpp' '*.h' '*.c' '*.hpp.in')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    "$fmt" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if ((${#bad[@]})); then
    printf 'format.sh: not clang-format clean (run scripts/format.sh):\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format.sh: ${#files[@]} files clean"
else
  "$fmt" -i "${files[@]}"
fi
