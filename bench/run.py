#!/usr/bin/env python3
"""bench/run.py: runs every workload of the performance suite with every implementation side by side,
interleaved over several repetitions (the order rotates each repetition), and reports medians, min-max and the
ratio to the plain-C baseline measured in the same repetition. Driven by scripts/bench.sh; see
docs/performance.md.

  run.py --build DIR [--reps N] [--quick | --smoke] [--only W1,W3b,... (W1$: W1 alone)] [--json FILE] [--render FILE]

Every program prints one JSON line per run; this script never times anything itself."""
import argparse
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Sizes per mode. "full" is the specification; "quick" keeps the shape in about a third of the time;
# "smoke" only proves that every program still runs and agrees on the protocol.
SIZES = {
    "full": dict(reps=5, w1_n=1000, w1_big_n=100, w1_huge_n=30, w2_total=256, w3_bytes=1 << 30, w3_lines=10_000_000,
                 slow_lines=2_000_000, w4_iters=20, w4esc_iters=10, w5=[200, 1000], w6_iters=10),
    "quick": dict(reps=3, w1_n=500, w1_big_n=60, w1_huge_n=20, w2_total=256, w3_bytes=256 << 20,
                  w3_lines=5_000_000, slow_lines=1_000_000, w4_iters=10, w4esc_iters=5, w5=[200, 1000],
                  w6_iters=8),
    "smoke": dict(reps=1, w1_n=20, w1_big_n=3, w1_huge_n=2, w2_total=32, w3_bytes=8 << 20, w3_lines=200_000,
                  slow_lines=50_000, w4_iters=2, w4esc_iters=1, w5=[20], w6_iters=1),
}
# Ballast sizes (MiB) for the "big parent" W1 variants; smoke keeps them small so the test stays light.
BALLAST = {"full": (256, 1024), "quick": (256, 1024), "smoke": (16, 32)}


class Impl:
    def __init__(self, key, label, argv, lower_is_better=True):
        self.key, self.label, self.argv = key, label, argv


def programs(build):
    b = os.path.join(build, "bench")
    return {
        "c": [os.path.join(b, "c_bench")],
        "arangokit": [os.path.join(b, "ak_bench")],
        "bp2": [os.path.join(b, "bp2_bench")],
        "python": [sys.executable, os.path.join(HERE, "peers", "py_bench.py")],
        "node": ["node", os.path.join(HERE, "peers", "node_bench.js")],
        "gen": os.path.join(b, "bench_gen"),
        "group_stop": os.path.join(b, "group_stop"),
        "c_group_stop": os.path.join(b, "c_group_stop"),
        "sim_bin": os.path.join(build, "sim-bin"),
        # Another checkout's bench build (scripts/bench.sh --baseline REV): the runner before a change, measured
        # in the same run as after it.
        "baseline": [os.path.join(os.environ["ARANGOKIT_BENCH_BASELINE"], "bench", "ak_bench")]
        if os.environ.get("ARANGOKIT_BENCH_BASELINE") else None,
        "baseline_group_stop": os.path.join(os.environ["ARANGOKIT_BENCH_BASELINE"], "bench", "group_stop")
        if os.environ.get("ARANGOKIT_BENCH_BASELINE") else None,
    }


def workloads(mode, p, only):
    """Each workload: id, title, unit, higher_is_better, rows [(row label, argv)]; row 0 is the C baseline."""
    s = SIZES[mode]
    gen = "gen=" + p["gen"]
    big, huge = BALLAST[mode]
    wl = []

    def rows(workload, params, impls, extra=None):
        out = []
        for key, label, more in impls:
            out.append((label, p[key] + [workload] + params + more))
        return out + (extra or [])

    std = [("c", "C: posix_spawn + waitpid", []), ("arangokit", "arangokit tool_runner", []),
           ("bp2", "Boost.Process v2 + Asio (default launcher)", []),
           ("python", "Python 3.11 asyncio (pidfd watcher)", []), ("node", "Node 20 child_process", [])]
    # Row 1 (information, not the baseline): C that starts /bin/true the way a runner must to capture its
    # output (two pipes, own process group, pidfd, epoll), so the runner's cost can be read like for like.
    w1 = std[:1] + [("c", "C capturing like a runner: 2 pipes + pidfd, own group, epoll", ["capture=1"])] + std[1:]
    w1 += [("arangokit", "arangokit tool_runner, containment off (no guardian, no cgroup)", ["containment=off"]),
           ("arangokit", "arangokit tool_runner, process-group containment", ["containment=process_group"]),
           ("arangokit", "arangokit tool_runner, output discarded (no pipes)", ["capture=0"])]
    base_label = os.environ.get("ARANGOKIT_BENCH_BASELINE_LABEL", "baseline")
    if p["baseline"]:
        w1.append(("baseline", f"arangokit tool_runner at {base_label}", []))
    wl.append(dict(id="W1", title="spawn + wait /bin/true", unit="us/spawn", hib=False,
                   rows=rows("w1", [f"n={s['w1_n']}"], w1), like_c=[1]))
    wl.append(dict(id="W1-256M", title=f"spawn + wait /bin/true, {big} MiB parent", unit="us/spawn", hib=False,
                   rows=rows("w1", [f"n={s['w1_big_n']}", f"ballast={big}"], std)))
    wl.append(dict(id="W1-1G", title=f"spawn + wait /bin/true, {huge} MiB parent", unit="us/spawn", hib=False,
                   rows=rows("w1", [f"n={s['w1_huge_n']}", f"ballast={huge}"], std)))
    wl.append(dict(id="W2", title=f"{s['w2_total']} children of /bin/true, 64 at a time", unit="spawns/s", hib=True,
                   rows=rows("w2", [f"total={s['w2_total']}", "par=64"], std)))
    w3b = [("c", "C: read(2), 64 KiB pipe", ["variant=pipe"]), ("c", "C: read(2), 1 MiB pipe", ["variant=pipe1m"]),
           ("c", "C: read(2), socketpair", ["variant=socketpair"]),
           ("arangokit", "arangokit async_run (pipe, grown to 1 MiB)", ["variant=pipe"]),
           ("arangokit", "arangokit async_run (socketpair transport)", ["variant=socketpair"]),
           ("bp2", "Boost.Process v2 + Asio readable_pipe", []), ("python", "Python asyncio StreamReader", []),
           ("node", "Node 20 'data' events (libuv socketpair)", [])]
    wl.append(dict(id="W3-bytes", title=f"{s['w3_bytes'] >> 20} MiB of stdout", unit="GB/s", hib=True,
                   rows=rows("w3b", [f"bytes={s['w3_bytes']}", gen], w3b), best_c=3, best_c_pipe=[0, 1]))
    lines, slow = s["w3_lines"], s["slow_lines"]
    w3l = [("c", "C: read(2) 1 MiB + memchr", [f"lines={lines}"]),
           ("arangokit", "arangokit async_read_batch", [f"lines={lines}", "api=batch"]),
           ("arangokit", f"arangokit async_read_line ({slow} lines)", [f"lines={slow}", "api=line"]),
           ("bp2", "Boost.Process v2 + Asio, 1 MiB reads + memchr", [f"lines={lines}", "api=chunk"]),
           ("bp2", f"Boost.Process v2 + Asio, async_read_until ({slow} lines)", [f"lines={slow}", "api=read_until"]),
           ("python", f"Python `async for line` ({slow} lines)", [f"lines={slow}", "api=readline"]),
           ("python", f"Python read(1 MiB) + split ({slow} lines)", [f"lines={slow}", "api=chunk"]),
           ("node", "Node readline", [f"lines={lines}", "api=readline"]),
           ("node", "Node 'data' + split", [f"lines={lines}", "api=chunk"])]
    wl.append(dict(id="W3-lines", title=f"{lines} short lines to a consumer, in order", unit="M lines/s", hib=True,
                   rows=rows("w3l", [gen], w3l)))
    wl.append(dict(id="W4", title="deadline -> child reaped (SIGTERM at the deadline)", unit="ms", hib=False,
                   rows=rows("w4", [f"iters={s['w4_iters']}", "timeout_ms=100"], std), no_ratio=True))
    wl.append(dict(id="W4-esc", title="SIGTERM ignored: reaped after the 200 ms grace (SIGKILL)", unit="ms",
                   hib=False, rows=rows("w4esc", [f"iters={s['w4esc_iters']}", "timeout_ms=100", "grace_ms=200"],
                                        std), no_ratio=True))
    for n in s["w5"]:
        w5 = [("c", "C: posix_spawn, kill, waitpid", []),
              ("c", "C capturing like a runner: 2 pipes + pidfd per child, own group, epoll", ["capture=1"]),
              ("arangokit", "arangokit tool_runner (async_start)", []),
              ("bp2", "Boost.Process v2 + Asio (default launcher)", []),
              ("python", "Python asyncio (pidfd watcher)", []), ("node", "Node 20 child_process", []),
              ("arangokit", "arangokit tool_runner, containment off", ["containment=off"]),
              ("arangokit", "arangokit tool_runner, output discarded (no pipes)", ["capture=0"])]
        if p["baseline"]:
            w5.append(("baseline", f"arangokit tool_runner (async_start) at {base_label}", []))
        r = rows("w5", [f"n={n}"], w5)
        if p["baseline_group_stop"] and os.path.exists(p["baseline_group_stop"]):
            r.append((f"arangokit client_group at {base_label}",
                      [p["baseline_group_stop"], "--members", str(n), "--reps", "1"]))
        if os.path.exists(p["group_stop"]):
            r.append(("arangokit client_group (bench/group_stop)", [p["group_stop"], "--members", str(n), "--reps", "1"]))
        if os.path.exists(p["c_group_stop"]):
            r.append(("C (bench/peers/c_group_stop)", [p["c_group_stop"], str(n), "1"]))
        wl.append(dict(id=f"W5-{n}", title=f"stop {n} live `sleep 600` members at once (SIGINT)", unit="ms",
                       hib=False, rows=r, like_c=[1]))
    wl.append(dict(id="W6", title="arangosh run against the simulator: ArangoDB layer vs bare spawn", unit="ms",
                   hib=False, rows=[("arangokit W6 (layer, runner and bare, interleaved in one process)",
                                     p["arangokit"] + ["w6", f"iters={s['w6_iters']}", "sim=" + p["sim_bin"]])],
                   w6=True))
    if only:
        # "W1" selects W1 and its variants (W1-256M, ...); "W1$" selects W1 alone.
        wl = [w for w in wl if any(w["id"].lower() == o[:-1].lower() if o.endswith("$")
                                   else w["id"].lower().startswith(o.lower()) for o in only)]
    return wl


def default_stop_signals():
    # A shell's background job inherits SIGINT and SIGQUIT ignored, and posix_spawn/fork pass that on: the C,
    # Python and Node baselines would then start `sleep` children that ignore W5's SIGINT and hang for 600 s.
    # (arangokit resets these in its children itself.) Every program starts with the defaults instead.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def run_one(argv, timeout):
    try:
        cp = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
                            preexec_fn=default_stop_signals)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    except OSError as e:
        return None, str(e)
    recs = []
    for line in cp.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                recs.append(json.loads(line))
            except ValueError:
                pass
    if cp.returncode != 0 or not recs:
        return None, f"exit {cp.returncode}: {cp.stderr.strip()[-400:]}"
    return recs, None


def value_of(recs, label):
    """The figure a program reported (group_stop prints two records: pick the one the row is about)."""
    for r in recs:
        if "value" in r:
            return r["value"], r
        if r.get("workload") in ("arangokit_group", "c_posix_spawn"):
            return r["stop_ms"], r
    return None, recs[0]


def summarize(v):
    if not v:
        return None
    return dict(median=statistics.median(v), min=min(v), max=max(v), n=len(v))


def run_workload(w, reps, timeout, log):
    rows = w["rows"]
    vals = {i: [] for i in range(len(rows))}
    extra = {i: [] for i in range(len(rows))}
    ratios = {i: [] for i in range(len(rows))}
    pipe_ratios = {i: [] for i in range(len(rows))}
    errors = {}
    for rep in range(reps):
        order = list(range(len(rows)))
        k = rep % len(order)
        order = order[k:] + order[:k]  # rotate so drift on a shared machine hits every implementation alike
        got = {}
        for i in order:
            recs, err = run_one(rows[i][1], timeout)
            if err:
                errors[i] = err
                log(f"  {w['id']} {rows[i][0]}: FAILED ({err})")
                continue
            v, rec = value_of(recs, rows[i][0])
            got[i] = v
            vals[i].append(v)
            extra[i].append(rec)
        base = got.get(0)
        if w.get("best_c"):
            cs = [got[i] for i in range(w["best_c"]) if i in got]
            base = max(cs) if cs else None
        for i, v in got.items():
            if base and v and not w.get("no_ratio"):
                # Oriented as cost: above 1 means worse than the baseline of the same repetition.
                ratios[i].append(base / v if w["hib"] else v / base)
        like = w.get("best_c_pipe") or w.get("like_c")
        if like:
            # The same against a like-for-like C variant: the best C *pipe* for W3 (a pipe transport), C with the
            # same pipes and pidfd for W5 (what capturing output costs). Oriented as cost, like `ratio`.
            ps = [got[i] for i in like if i in got]
            for i, v in got.items():
                if ps and v:
                    pipe_ratios[i].append(max(ps) / v if w["hib"] else v / min(ps))
        log(f"  {w['id']} rep {rep + 1}/{reps}: " + ", ".join(f"{rows[i][0].split(' (')[0]}={got[i]:.4g}"
                                                           for i in sorted(got)))
    out = []
    for i, (label, argv) in enumerate(rows):
        out.append(dict(label=label, command=" ".join(shlex.quote(a) for a in argv), stats=summarize(vals[i]),
                        ratio=summarize(ratios[i]), pipe_ratio=summarize(pipe_ratios[i]), records=extra[i],
                        error=errors.get(i)))
    return out


def fmt(x):
    if x is None:
        return "—"
    a = abs(x)
    return f"{x:.3g}" if a < 10 else (f"{x:.1f}" if a < 1000 else f"{x:.0f}")


def find(res, wid, prefix):
    for r in res.get(wid, []):
        if r["label"].startswith(prefix) and r["stats"]:
            return r
    return None


def targets(res):
    """The issue's targets, each with the measured figure and a verdict."""
    out = []

    def add(name, goal, got, ok):
        out.append(dict(target=name, goal=goal, measured=got, ok=ok))

    def ratio(wid, prefix):
        r = find(res, wid, prefix)
        return r["ratio"]["median"] if r and r["ratio"] else None

    w1 = ratio("W1", "arangokit")
    if w1 is not None:
        add("W1 spawn+wait", "<= 1.10x C", f"{w1:.3f}x C", w1 <= 1.10)
    r = find(res, "W1", "arangokit")
    if r and r.get("pipe_ratio"):
        # Not an issue target: against C that captures stdout and stderr the same way.
        add("W1 spawn+wait, like for like (information)", "x C capturing output the same way",
            f"{r['pipe_ratio']['median']:.3f}x C-capture", None)
    small, bigr = find(res, "W1", "arangokit"), find(res, "W1-1G", "arangokit")
    if small and bigr:
        f = bigr["stats"]["median"] / small["stats"]["median"]
        add("W1 flat in parent size", "1 GiB parent within 1.15x of a small one", f"{f:.3f}x", f <= 1.15)
        cs, cb = find(res, "W1", "C:"), find(res, "W1-1G", "C:")
        if cs and cb and small["ratio"] and bigr["ratio"]:
            # The same comparison with C's own drift between the two workloads divided out.
            g = bigr["ratio"]["median"] / small["ratio"]["median"]
            cf = cb["stats"]["median"] / cs["stats"]["median"]
            add("W1 flat in parent size, relative to C", "x C at 1 GiB within 1.15x of x C at 0",
                f"{g:.3f}x (C itself: {cf:.2f}x)", g <= 1.15)
    w2 = ratio("W2", "arangokit")
    if w2 is not None:
        add("W2 fan-out 256/64", "<= 1.20x C", f"{w2:.3f}x C", w2 <= 1.20)
    for prefix in ("arangokit async_run (socketpair", "arangokit async_run (pipe"):
        r = find(res, "W3-bytes", prefix)
        if r and r["ratio"]:
            frac = 1 / r["ratio"]["median"]
            add(f"W3 bytes, {prefix.split('(')[1]}", ">= 0.8x the best C variant", f"{frac:.3f}x best C",
                frac >= 0.8)
    r = find(res, "W3-bytes", "arangokit async_run (pipe")
    if r and r.get("pipe_ratio"):
        frac = 1 / r["pipe_ratio"]["median"]
        add("W3 bytes, pipe (the default transport)", ">= 0.8x the best C pipe (64 KiB or 1 MiB)",
            f"{frac:.3f}x best C pipe", frac >= 0.8)
    r = find(res, "W3-lines", "arangokit async_read_batch")
    if r:
        m = r["stats"]["median"]
        add("W3 lines to a consumer coroutine", ">= 50 M lines/s", f"{m:.1f} M lines/s", m >= 50)
    r = find(res, "W4", "arangokit")
    if r:
        m = r["stats"]["median"]
        add("W4 deadline -> reaped", "<= 1 ms", f"{m:.3f} ms", m <= 1.0)
    r = find(res, "W4-esc", "arangokit")
    if r:
        m = r["stats"]["median"]
        add("W4 SIGTERM-ignoring child, beyond the grace", "<= 2 ms", f"{m:.3f} ms", m <= 2.0)
    for wid in [k for k in res if k.startswith("W5-")]:
        for prefix in ("arangokit client_group", "arangokit tool_runner"):
            r = find(res, wid, prefix)
            if not r:
                continue
            if wid == "W5-200" and r["ratio"]:
                add(f"{wid} stop, {prefix.split()[1]}", "<= 1.2x C", f"{r['ratio']['median']:.3f}x C",
                    r["ratio"]["median"] <= 1.2)
            if wid == "W5-200" and r.get("pipe_ratio"):
                # Not an issue target: the same stop against C that captures output the same way.
                lr = r["pipe_ratio"]["median"]
                add(f"{wid} stop, {prefix.split()[1]}, like for like (information)",
                    "x C capturing output the same way", f"{lr:.3f}x C-capture", None)
            per = [x.get("per_member_kib") for x in r["records"] if x.get("per_member_kib") is not None]
            if per:
                m = statistics.median(per)
                add(f"{wid} RSS per live member, {prefix.split()[1]}", "< 64 KiB", f"{m:.1f} KiB", m < 64)
    w6 = res.get("W6")
    if w6 and w6[0]["records"]:
        lv = statistics.median([x["layer_vs_bare"] for x in w6[0]["records"]])
        add("W6 ArangoDB layer vs bare spawn", "< 1.05x (under 5% added)", f"{lv:.3f}x", lv < 1.05)
    return out


def render(doc, meta, wls, res, tg):
    L = []
    L.append(f"Produced by `{meta['command']}` on {meta['date']} ({meta['mode']} mode, {meta['reps']} repetitions,")
    L.append(f"{meta['nproc']} CPUs, load average {meta['load_before']} before and {meta['load_after']} after,")
    L.append(f"{meta['python']}, {meta['node']}). Whole suite: {meta['elapsed_s']:.0f} s.")
    L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| target | goal | measured (median) | met |")
    L.append("|---|---|---|---|")
    for t in tg:
        L.append(f"| {t['target']} | {t['goal']} | {t['measured']} | {'—' if t['ok'] is None else 'yes' if t['ok'] else '**no**'} |")
    L.append("")
    for w in wls:
        rows = res.get(w["id"])
        if not rows:
            continue
        L.append(f"### {w['id']}: {w['title']} ({w['unit']}, {'higher' if w['hib'] else 'lower'} is better)")
        L.append("")
        if w.get("w6"):
            recs = rows[0]["records"]
            L.append("| variant | median ms (min–max over repetitions) | x bare (median) |")
            L.append("|---|---|---|")
            if recs:
                def col(k):
                    v = [x[k] for x in recs]
                    return f"{fmt(statistics.median(v))} ({fmt(min(v))}–{fmt(max(v))})"
                L.append(f"| arango_tools::async_run (render, private .conf, spawn, parse) | {col('value')} | "
                         f"{fmt(statistics.median([x['layer_vs_bare'] for x in recs]))} |")
                if all("cached_ms" in x for x in recs):
                    L.append(f"| the same with a tool_cache (version detected once, path resolved once) | "
                             f"{col('cached_ms')} | "
                             f"{fmt(statistics.median([x['cached_vs_layer'] * x['layer_vs_bare'] for x in recs]))} |")
                L.append(f"| tool_runner::async_run of the rendered command | {col('runner_ms')} | "
                         f"{fmt(statistics.median([x['runner_vs_bare'] for x in recs]))} |")
                L.append(f"| bare posix_spawn + read + waitpid, same argv | {col('bare_ms')} | 1 |")
            else:
                L.append(f"| failed: {rows[0]['error']} | | |")
            L.append("")
            continue
        base = "best C variant" if w.get("best_c") else "C"
        L.append(f"| implementation | median | min–max | x {base} (cost) |")
        L.append("|---|---|---|---|")
        for r in rows:
            st = r["stats"]
            if not st:
                L.append(f"| {r['label']} | failed | {r['error'] or ''} | |")
                continue
            ratio = fmt(r["ratio"]["median"]) if r["ratio"] else "—"
            L.append(f"| {r['label']} | {fmt(st['median'])} | {fmt(st['min'])}–{fmt(st['max'])} | {ratio} |")
        if w["id"].startswith("W5-"):
            L.append("")
            L.append("| implementation | RSS before (KiB) | RSS growth per live member (KiB, median) "
                     "| parent CPU in the stop window (ms, median) |")
            L.append("|---|---|---|---|")
            for r in rows:
                per = [x.get("per_member_kib") for x in r["records"] if x.get("per_member_kib") is not None]
                bef = [x.get("rss_kib_before") for x in r["records"] if x.get("rss_kib_before") is not None]
                cpu = [x.get("stop_cpu_ms") for x in r["records"] if x.get("stop_cpu_ms") is not None]
                if per:
                    L.append(f"| {r['label']} | {fmt(statistics.median(bef))} | {fmt(statistics.median(per))} "
                             f"| {fmt(statistics.median(cpu)) if cpu else '—'} |")
        L.append("")
    block = "\n".join(L)
    begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
    text = open(doc).read() if os.path.exists(doc) else f"# Performance\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    pre, rest = text.split(begin, 1)
    post = rest.split(end, 1)[1] if end in rest else ""
    open(doc, "w").write(pre + begin + "\n" + block + "\n" + end + post)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--reps", type=int)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--json")
    ap.add_argument("--render")
    ap.add_argument("--command", default="")
    ap.add_argument("--from-json", help="re-render --render FILE from an earlier run's JSON (no runs)")
    a = ap.parse_args()
    if a.from_json:
        old = json.load(open(a.from_json))
        meta = old["meta"]
        wls = workloads(meta["mode"], programs(os.path.abspath(a.build)), [])
        res = {k: v["rows"] for k, v in old["workloads"].items()}
        wls = [w for w in wls if w["id"] in res]
        if a.render:
            render(a.render, meta, wls, res, targets(res))
        return 0
    mode = "smoke" if a.smoke else "quick" if a.quick else "full"
    reps = a.reps or SIZES[mode]["reps"]
    p = programs(os.path.abspath(a.build))
    wls = workloads(mode, p, [o for o in a.only.split(",") if o])
    log = lambda m: print(m, file=sys.stderr, flush=True)
    t0 = time.monotonic()
    load_before = os.getloadavg()[0]
    res = {}
    failures = 0
    for w in wls:
        log(f"{w['id']}: {w['title']}")
        # W3-bytes is bimodal on 2 vCPUs (writer and reader on one CPU or on two: 1 vs 6 GB/s for C too), and
        # single W1 and W5-200 repetitions swing by 20-40% on this shared VM while their targets sit within
        # 10-20% of C (the big-parent W1 rows feed the flatness target): their medians need more repetitions
        # than the others; each costs a few seconds.
        noisy = ("W1", "W1-256M", "W1-1G", "W3-bytes", "W5-200")
        wreps = max(reps, 2 * reps + 1) if w["id"] in noisy and mode != "smoke" else reps
        res[w["id"]] = run_workload(w, wreps, 120 if mode == "smoke" else 900, log)
        failures += sum(1 for r in res[w["id"]] if r["error"])
    tg = targets(res)
    node_v = subprocess.run(["node", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    meta = dict(command=a.command or " ".join(sys.argv), date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                mode=mode, reps=reps, nproc=os.cpu_count(), load_before=f"{load_before:.2f}",
                load_after=f"{os.getloadavg()[0]:.2f}", python=f"Python {platform.python_version()}",
                node=f"Node {node_v}", kernel=platform.release(), elapsed_s=time.monotonic() - t0)
    out = dict(meta=meta, workloads={w["id"]: dict(title=w["title"], unit=w["unit"], higher_is_better=w["hib"],
                                                   rows=res[w["id"]]) for w in wls if w["id"] in res},
               targets=tg)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    if a.render:
        render(a.render, meta, wls, res, tg)
    print(f"\n{'target':52} {'goal':44} {'measured':22} met")
    for t in tg:
        print(f"{t['target']:52} {t['goal']:44} {t['measured']:22} {'-' if t['ok'] is None else 'yes' if t['ok'] else 'NO'}")
    print(f"\n{len(wls)} workloads, {reps} repetitions, {failures} failed runs, {meta['elapsed_s']:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
