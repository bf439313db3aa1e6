#!/usr/bin/env bash
# ctest `bench_smoke` (label bench-smoke): runs the whole benchmark suite with minimal sizes and one repetition,
# so the benchmark programs and peers cannot rot. It checks that every program runs and reports; it asserts no
# performance figure (a loaded CI machine would make that flaky). Usage: run_smoke.sh <build-dir>
set -euo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
python3 "$ROOT/bench/run.py" --build "$BUILD" --smoke --json "$OUT/results.json" --render "$OUT/performance.md"
# Every workload produced figures for every row, and the rendered page holds the target table.
python3 - "$OUT/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = [(w, row["label"], row["error"]) for w, d in r["workloads"].items() for row in d["rows"]
       if row["error"] or not row["stats"]]
ids = set(r["workloads"])
need = {"W1", "W1-256M", "W1-1G", "W2", "W3-bytes", "W3-lines", "W4", "W4-esc", "W6"}
assert not bad, f"failed rows: {bad}"
assert need <= ids, f"missing workloads: {need - ids}"
assert any(w.startswith("W5-") for w in ids), "no W5 workload"
assert len(r["targets"]) >= 8, r["targets"]
print(f"bench smoke: {len(ids)} workloads, all rows reported")
PY
grep -q "### Targets" "$OUT/performance.md"
# The parser throughput program is not driven by run.py: run it at its smoke size.
if [ -x "$BUILD/bench/parser_throughput" ]; then
  "$BUILD/bench/parser_throughput" --smoke >/dev/null
fi
# Nor is the sampling cost program: two tools for a second, sampled, must report a summary line.
if [ -x "$BUILD/bench/sampling_cost" ]; then
  "$BUILD/bench/sampling_cost" --tools 2 --seconds 1 --interval-ms 100 | grep -q '"summary":true'
fi
# Nor is the dump diff program: tiny dumps, a 1 MiB budget (so the spill path runs), both modes agreeing.
if [ -x "$BUILD/bench/dump_diff" ]; then
  diff_out="$("$BUILD/bench/dump_diff" --smoke)"
  grep -q '"mode":"in-memory"' <<<"$diff_out"
fi
