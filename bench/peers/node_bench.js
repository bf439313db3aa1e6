#!/usr/bin/env node
// bench/peers/node_bench.js: the Node.js peer (child_process.spawn, libuv). Same command line and JSON output
// as c_bench: node_bench.js <workload> [key=value ...]
//   w1 n= ballast=   w2 total= par=   w3b bytes= gen=   w3l lines= gen= api=readline|chunk
//   w4 iters= timeout_ms=   w4esc iters= timeout_ms= grace_ms=   w5 n=
'use strict';
const { spawn } = require('child_process');
const readline = require('readline');
const fs = require('fs');
const { performance } = require('perf_hooks');

const opts = {};
for (const a of process.argv.slice(3)) {
  const i = a.indexOf('=');
  if (i > 0) opts[a.slice(0, i)] = a.slice(i + 1);
}
const opt = (k, d) => (k in opts ? opts[k] : d);
const optI = (k, d) => Number(opt(k, d));
const now = () => performance.now() / 1e3;
const emit = (workload, value, unit, extra = {}) =>
  process.stdout.write(JSON.stringify({ impl: 'node', workload, value, unit, ...extra }) + '\n');
const vmKib = (field) => {
  for (const l of fs.readFileSync('/proc/self/status', 'utf8').split('\n'))
    if (l.startsWith(field)) return parseInt(l.slice(field.length), 10);
  return -1;
};
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const exited = (p) => new Promise((res, rej) => { p.on('error', rej); p.on('exit', (code, sig) => res({ code, sig })); });
const sleepUntil = (t) => new Promise((res) => setTimeout(res, Math.max(0, (t - now()) * 1e3)));
let ballast = null;

async function w1() {
  const mib = optI('ballast', 0);
  if (mib > 0) ballast = Buffer.alloc(mib << 20, 1); // touched
  const n = optI('n', 2000);
  // untimed warm-up, as in every implementation (bench/peers/c_bench.c)
  for (let i = 0; i < 3; ++i) await exited(spawn('/bin/true', [], { stdio: 'inherit' }));
  const t0 = now();
  for (let i = 0; i < n; ++i) {
    const r = await exited(spawn('/bin/true', [], { stdio: 'inherit' }));
    if (r.code !== 0) throw new Error('w1: /bin/true failed');
  }
  emit('w1', ((now() - t0) / n) * 1e6, 'us');
}

async function w2() {
  const total = optI('total', 256), par = optI('par', 64);
  let next = 0;
  const worker = async () => {
    while (next < total) { ++next; await exited(spawn('/bin/true', [], { stdio: 'inherit' })); }
  };
  const t0 = now();
  await Promise.all(Array.from({ length: par }, worker));
  emit('w2', total / (now() - t0), 'spawns/s');
}

async function w3b() {
  const bytes = optI('bytes', 2 ** 30);
  const t0 = now();
  const p = spawn(opt('gen', 'bench_gen'), ['bytes', String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let total = 0;
  p.stdout.on('data', (b) => { total += b.length; });
  await Promise.all([exited(p), new Promise((r) => p.stdout.on('end', r))]);
  const dt = now() - t0;
  if (total !== bytes) throw new Error('w3b: short read');
  emit('w3b', bytes / dt / 1e9, 'GB/s', { variant: 'socketpair (libuv)' });
}

async function w3l() {
  const lines = optI('lines', 1e7), api = opt('api', 'readline');
  const t0 = now();
  const p = spawn(opt('gen', 'bench_gen'), ['lines', String(lines)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = 0, bad = 0;
  const check = (s) => { if (s.length === 0 || s.charCodeAt(s.length - 1) !== 48 + (seen % 10)) ++bad; ++seen; };
  const done = exited(p);
  if (api === 'readline') {
    const rl = readline.createInterface({ input: p.stdout, crlfDelay: Infinity });
    for await (const l of rl) check(l); // the textbook idiom
  } else {
    let rest = '';
    p.stdout.setEncoding('latin1');
    await new Promise((res) => {
      p.stdout.on('data', (chunk) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop();
        for (const l of parts) check(l);
      });
      p.stdout.on('end', res);
    });
  }
  await done;
  const dt = now() - t0;
  if (seen !== lines || bad) throw new Error(`w3l: ${seen} of ${lines} lines, ${bad} out of order`);
  emit('w3l', lines / dt / 1e6, 'M lines/s', { api });
}

async function w4(escalate) {
  const iters = optI('iters', escalate ? 10 : 20);
  const timeout = optI('timeout_ms', 100) / 1e3, grace = optI('grace_ms', 200) / 1e3;
  const v = [];
  for (let i = 0; i < iters; ++i) {
    const dl = now() + timeout;
    const p = escalate ? spawn('/bin/sh', ['-c', "trap '' TERM; exec /bin/sleep 100"], { stdio: 'inherit' })
                       : spawn('/bin/sleep', ['100'], { stdio: 'inherit' });
    const done = exited(p);
    await sleepUntil(dl);
    p.kill('SIGTERM');
    if (escalate) { await sleepUntil(dl + grace); p.kill('SIGKILL'); }
    await done;
    v.push((now() - dl - (escalate ? grace : 0)) * 1e3);
  }
  emit(escalate ? 'w4esc' : 'w4', median(v), 'ms');
}

async function w5() {
  const n = optI('n', 200);
  const before = vmKib('VmRSS:');
  const t0 = now();
  const procs = [];
  for (let i = 0; i < n; ++i) {
    const p = spawn('/bin/sleep', ['600'], { stdio: 'inherit' });
    procs.push({ p, done: exited(p) });
  }
  await Promise.all(procs.map(({ p }) => new Promise((r) => (p.pid ? r() : p.on('spawn', r)))));
  const startMs = (now() - t0) * 1e3;
  const after = vmKib('VmRSS:');
  const t1 = now();
  const c1 = process.cpuUsage(); // the parent's own CPU (user + system), all threads
  for (const { p } of procs) p.kill('SIGINT');
  await Promise.all(procs.map((x) => x.done));
  const stopMs = (now() - t1) * 1e3;
  const cpu = process.cpuUsage(c1);
  emit('w5', stopMs, 'ms', { members: n, start_ms: startMs, stop_cpu_ms: (cpu.user + cpu.system) / 1e3,
    rss_kib_before: before, rss_kib_after: after,
    per_member_kib: (after - before) / n, hwm_kib: vmKib('VmHWM:') });
}

const fns = { w1, w2, w3b, w3l, w4: () => w4(false), w4esc: () => w4(true), w5 };
const w = process.argv[2];
if (!fns[w]) { process.stderr.write('usage: node_bench.js w1|w2|w3b|w3l|w4|w4esc|w5 [key=value ...]\n'); process.exit(2); }
fns[w]().catch((e) => { process.stderr.write(`node_bench ${w}: ${e.stack || e}\n`); process.exit(1); });
