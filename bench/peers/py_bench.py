#!/usr/bin/env python3
"""bench/peers/py_bench.py: the Python peer, asyncio subprocesses with the PidfdChildWatcher (Python 3.11's
default ThreadedChildWatcher starts a thread per child; 3.12+ default to pidfd). Same command line and JSON
output as c_bench: py_bench.py <workload> [key=value ...]
  w1 n= ballast=   w2 total= par=   w3b bytes= gen=   w3l lines= gen= api=readline|chunk
  w4 iters= timeout_ms=   w4esc iters= timeout_ms= grace_ms=   w5 n="""
import asyncio
import json
import os
import signal
import statistics
import sys
import time
import warnings

OPTS = {}


def opt(k, d):
    return OPTS.get(k, d)


def opt_i(k, d):
    return int(OPTS.get(k, d))


def emit(wl, value, unit, **extra):
    print(json.dumps({"impl": "python", "workload": wl, "value": value, "unit": unit, **extra}), flush=True)


def vm_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


BALLAST = None


async def w1():
    global BALLAST
    mib = opt_i("ballast", 0)
    if mib > 0:
        BALLAST = bytearray(b"\x01") * (mib << 20)  # touched
    n = opt_i("n", 2000)
    for _ in range(3):  # untimed warm-up, as in every implementation (bench/peers/c_bench.c)
        await (await asyncio.create_subprocess_exec("/bin/true")).wait()
    t0 = time.monotonic()
    for _ in range(n):
        p = await asyncio.create_subprocess_exec("/bin/true")
        if await p.wait() != 0:
            raise RuntimeError("w1: /bin/true failed")
    emit("w1", (time.monotonic() - t0) / n * 1e6, "us")


async def w2():
    total, par = opt_i("total", 256), opt_i("par", 64)
    sem = asyncio.Semaphore(par)

    async def one():
        async with sem:
            p = await asyncio.create_subprocess_exec("/bin/true")
            await p.wait()

    t0 = time.monotonic()
    await asyncio.gather(*(one() for _ in range(total)))
    emit("w2", total / (time.monotonic() - t0), "spawns/s")


async def w3b():
    nbytes = opt_i("bytes", 1 << 30)
    t0 = time.monotonic()
    p = await asyncio.create_subprocess_exec(opt("gen", "bench_gen"), "bytes", str(nbytes),
                                             stdout=asyncio.subprocess.PIPE)
    total = 0
    while True:
        b = await p.stdout.read(1 << 20)
        if not b:
            break
        total += len(b)
    await p.wait()
    dt = time.monotonic() - t0
    if total != nbytes:
        raise RuntimeError("w3b: short read")
    emit("w3b", nbytes / dt / 1e9, "GB/s", variant="pipe")


async def w3l():
    lines = opt_i("lines", 10_000_000)
    api = opt("api", "readline")
    t0 = time.monotonic()
    p = await asyncio.create_subprocess_exec(opt("gen", "bench_gen"), "lines", str(lines),
                                             stdout=asyncio.subprocess.PIPE)
    seen = bad = 0
    digits = b"0123456789"
    if api == "readline":
        async for line in p.stdout:  # the textbook idiom
            if line[-2] != digits[seen % 10]:
                bad += 1
            seen += 1
    else:
        rest = b""
        while True:
            b = await p.stdout.read(1 << 20)
            if not b:
                break
            parts = (rest + b).split(b"\n")
            rest = parts.pop()
            for line in parts:
                if not line or line[-1] != digits[seen % 10]:
                    bad += 1
                seen += 1
    await p.wait()
    dt = time.monotonic() - t0
    if seen != lines or bad:
        raise RuntimeError(f"w3l: {seen} of {lines} lines, {bad} out of order")
    emit("w3l", lines / dt / 1e6, "M lines/s", api=api)


async def w4(escalate):
    iters = opt_i("iters", 10 if escalate else 20)
    timeout, grace = opt_i("timeout_ms", 100) / 1e3, opt_i("grace_ms", 200) / 1e3
    v = []
    for _ in range(iters):
        dl = time.monotonic() + timeout
        if escalate:
            p = await asyncio.create_subprocess_exec("/bin/sh", "-c", "trap '' TERM; exec /bin/sleep 100")
        else:
            p = await asyncio.create_subprocess_exec("/bin/sleep", "100")
        try:
            await asyncio.wait_for(p.wait(), max(0.0, dl - time.monotonic()))
        except asyncio.TimeoutError:
            pass
        p.terminate()
        if escalate:
            try:
                await asyncio.wait_for(p.wait(), max(0.0, dl + grace - time.monotonic()))
            except asyncio.TimeoutError:
                pass
            p.kill()
        await p.wait()
        v.append((time.monotonic() - dl - (grace if escalate else 0)) * 1e3)
    emit("w4esc" if escalate else "w4", statistics.median(v), "ms")


async def w5():
    n = opt_i("n", 200)
    before = vm_kib("VmRSS:")
    t0 = time.monotonic()
    procs = [await asyncio.create_subprocess_exec("/bin/sleep", "600") for _ in range(n)]
    start_ms = (time.monotonic() - t0) * 1e3
    after = vm_kib("VmRSS:")
    t1, c1 = time.monotonic(), time.process_time()
    for p in procs:
        p.send_signal(signal.SIGINT)
    await asyncio.gather(*(p.wait() for p in procs))
    stop_ms = (time.monotonic() - t1) * 1e3
    stop_cpu_ms = (time.process_time() - c1) * 1e3  # the parent's own CPU (user + system), all threads
    emit("w5", stop_ms, "ms", members=n, start_ms=start_ms, stop_cpu_ms=stop_cpu_ms, rss_kib_before=before,
         rss_kib_after=after, per_member_kib=(after - before) / n, hwm_kib=vm_kib("VmHWM:"))


def main():
    if len(sys.argv) < 2:
        print("usage: py_bench.py w1|w2|w3b|w3l|w4|w4esc|w5 [key=value ...]", file=sys.stderr)
        return 2
    for a in sys.argv[2:]:
        k, _, v = a.partition("=")
        OPTS[k] = v
    w = sys.argv[1]
    fns = {"w1": w1, "w2": w2, "w3b": w3b, "w3l": w3l, "w4": lambda: w4(False), "w4esc": lambda: w4(True),
           "w5": w5}
    if w not in fns:
        print(f"py_bench: unknown workload {w}", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.set_child_watcher(asyncio.PidfdChildWatcher())
    asyncio.run(fns[w]())
    return 0


if __name__ == "__main__":
    sys.exit(main())
