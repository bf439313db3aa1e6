#!/usr/bin/env python3
"""What a user's translation unit costs to compile: CPU seconds and peak memory, beside a yardstick.

    bench/compile_cost.py [--reps N] [--cxx g++] [--flags "-O1"] [--json FILE]

Each reference file is compiled alternately with the yardstick (bench/compile_cost/yardstick.cpp: Asio,
Boost.Process v2, Beast and Boost.JSON used directly to spawn one process), N times each, in the same run, so
the ratio is taken under the same machine load. CPU is user + system time of the compiler driver and its
children, peak memory their largest resident set (wait4's rusage). Compiled with `-c -o /dev/null`: no link.

The reference files:
  process-only          bench/compile_cost/process_only.cpp           <arangokit/process.hpp>
  tools + simulator     bench/compile_cost/tools_with_simulator.cpp   <arangokit/arango.hpp>, example 01's body
  umbrella (example 01) examples/01_run_tool_with_deadline.cpp        <arangokit.hpp>
Goals (issue 21): the process-only file at most 1.2x the yardstick in CPU; the example-01 file at most 1.5x and
700 MiB (those are for the separate-compilation mode, which does not exist yet: the figures here are the
header-only mode). docs/performance.md ("Compile cost") has the figures and this command.
"""
import argparse
import json
import os
import pathlib
import shlex
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = [
    ("yardstick", ROOT / "bench/compile_cost/yardstick.cpp"),
    ("process-only", ROOT / "bench/compile_cost/process_only.cpp"),
    ("tools + simulator", ROOT / "bench/compile_cost/tools_with_simulator.cpp"),
    ("umbrella (example 01)", ROOT / "examples/01_run_tool_with_deadline.cpp"),
]


def compile_once(cxx, flags, src):
    argv = [cxx, "-std=c++20", *flags, "-I", str(ROOT / "include"), "-c", str(src), "-o", os.devnull]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"compile_cost: {shlex.join(argv)} failed:\n{err.decode(errors='replace')}")
    return dict(cpu_s=ru.ru_utime + ru.ru_stime, peak_mib=ru.ru_maxrss / 1024.0, wall_s=time.monotonic() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--flags", default="-O1")
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    flags = shlex.split(a.flags)
    res = {name: [] for name, _ in FILES}
    yard = FILES[0]
    for rep in range(a.reps):
        for name, src in FILES[1:]:
            for n, s in (yard, (name, src)):  # the pair back to back, under the same load
                r = compile_once(a.cxx, flags, s)
                res[n].append(r)
                print(f"  rep {rep + 1}/{a.reps} {n}: {r['cpu_s']:.2f} s CPU, {r['peak_mib']:.0f} MiB", file=sys.stderr)
    med = {n: dict(cpu_s=statistics.median(x["cpu_s"] for x in v), peak_mib=statistics.median(x["peak_mib"] for x in v),
                   cpu_min=min(x["cpu_s"] for x in v), cpu_max=max(x["cpu_s"] for x in v)) for n, v in res.items()}
    y = med["yardstick"]
    load = os.getloadavg()[0]
    print(f"compile cost, {a.cxx} {a.flags}, {a.reps} reps, header-only mode, load average {load:.2f}")
    print("| file | CPU s (median, min-max) | x yardstick | peak MiB | x yardstick |")
    print("|---|---|---|---|---|")
    for n, _ in FILES:
        m = med[n]
        print(f"| {n} | {m['cpu_s']:.1f} ({m['cpu_min']:.1f}-{m['cpu_max']:.1f}) | {m['cpu_s'] / y['cpu_s']:.2f} "
              f"| {m['peak_mib']:.0f} | {m['peak_mib'] / y['peak_mib']:.2f} |")
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(dict(cxx=a.cxx, flags=a.flags, reps=a.reps, load=load,
                                                        medians=med, runs=res), indent=1))


if __name__ == "__main__":
    main()
