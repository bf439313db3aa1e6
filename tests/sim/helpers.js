'use strict';
// Shared helpers of the simulator-tools conformance tests: run a stand-in, start/stop arangosim, temp dirs.
// Every child is started with a hard timeout and killed (by pid) if it outlives its test; temp dirs are
// removed.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const binDir = process.env.ARANGOKIT_SIM_BIN_DIR;
if (!binDir) throw new Error('ARANGOKIT_SIM_BIN_DIR is not set');
const dataFile = path.join(__dirname, '..', '..', 'sim', 'tools', 'data', 'arango-client-tools.json');
const reference = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
const TOOLS = [
    'arangodump', 'arangorestore', 'arangoimport', 'arangoexport', 'arangobench', 'arangobackup', 'arangosh'
];

const live = new Set();
const tempDirs = [];
process.on('exit', () => {
    for (const c of live) {
        try {
            process.kill(c.pid, 'SIGKILL');
        } catch (_) { /* already gone */
        }
    }
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

// An interrupted test run still takes its servers and tools down with it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => process.exit(128 + 2));

function tempDir(prefix = 'simtools-') {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(d);
    return d;
}

// Runs a tool; resolves {code, signal, stdout, stderr, timedOut, ms}. Never rejects.
function run(tool, args, { env = {}, input, timeoutMs = 60000, cwd, onSpawn } = {}) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const child = spawn(
            path.join(binDir, tool), args,
            { env: {...process.env, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        live.add(child);
        const out = [], err = [];
        child.stdout.on('data', (c) => out.push(c));
        child.stderr.on('data', (c) => err.push(c));
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, timeoutMs);
        child.stdin.on('error', () => {});
        if (input !== undefined)
            child.stdin.end(input);
        else if (input === undefined && !onSpawn)
            child.stdin.end();
        if (onSpawn) onSpawn(child);
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            live.delete(child);
            resolve({
                code,
                signal,
                stdout: Buffer.concat(out).toString(),
                stderr: Buffer.concat(err).toString(),
                timedOut,
                ms: Date.now() - t0
            });
        });
    });
}

// Runs `fn` over items with at most n concurrent promises.
async function pool(items, n, fn) {
    let i = 0;
    await Promise.all(Array.from({ length: n }, async () => {
        while (i < items.length) {
            const k = i++;
            await fn(items[k], k);
        }
    }));
}

const serverBin = path.join(binDir, 'arangosim');

// Starts arangosim on an ephemeral port; returns {endpoint, stop(), dataDir}.
async function startServer(extraArgs = []) {
    if (!fs.existsSync(serverBin)) throw new Error(`arangosim not built: ${serverBin}`);
    const dir = tempDir('simtools-server-');
    const epFile = path.join(dir, 'endpoint');
    const child = spawn(
        serverBin,
        [
            '--data-dir', path.join(dir, 'data'), '--endpoint', 'tcp://127.0.0.1:0', '--endpoint-file',
            epFile, ...extraArgs
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let log = '';
    child.stdout.on('data', (c) => {
        log += c;
    });
    child.stderr.on('data', (c) => {
        log += c;
    });
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(epFile)) {
        if (Date.now() > deadline || child.exitCode !== null) {
            child.kill('SIGKILL');
            throw new Error(`arangosim did not start: ${log}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    const endpoint = fs.readFileSync(epFile, 'utf8').split('\n')[0].trim();
    return {
        endpoint,
        dataDir: dir,
        stop: () => new Promise((resolve) => {
            if (child.exitCode !== null) {
                live.delete(child);
                return resolve();
            }
            const t = setTimeout(() => child.kill('SIGKILL'), 10000);
            child.on('exit', () => {
                clearTimeout(t);
                live.delete(child);
                resolve();
            });
            child.kill('SIGTERM');
        }),
    };
}

function conn(server, extra = {}) {
    const a = [
        '--configuration', 'none', '--server.endpoint', server.endpoint, '--server.password',
        extra.password === undefined ? '' : extra.password
    ];
    if (extra.database) a.push('--server.database', extra.database);
    return a;
}

// Plain HTTP helper against the simulator (for setup and verification).
async function http(server, method, p, body, headers = {}) {
    const url = server.endpoint.replace(/^tcp:/, 'http:') + p;
    const r = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body))
    });
    const text = await r.text();
    let json;
    try {
        json = JSON.parse(text);
    } catch (_) { json = undefined; }
    return { status: r.status, json, text };
}

async function allDocs(server, db, coll) {
    const r = await http(
        server, 'POST', `/_db/${db}/_api/cursor`,
        { query: 'FOR d IN @@c RETURN d', bindVars: { '@c': coll }, batchSize: 100000 });
    if (r.status >= 300) throw new Error(`cursor failed: ${r.text}`);
    return r.json.result
        .map((d) => {
            const c = {...d };
            delete c._rev;
            return c;
        })
        .sort((a, b) => (a._key < b._key ? -1 : 1));
}

// Table of the 3.12 options a tool accepts, straight from the reference JSON (what the stand-ins must
// accept).
function options312(tool) {
    const t = reference.tools[tool];
    const list = [...reference.common, ...t.options].filter(
        (o) => o.available && o.available['3.12'] && o.name !== 'config');
    return list;
}

module.exports = {
    binDir,
    reference,
    TOOLS,
    run,
    pool,
    tempDir,
    startServer,
    conn,
    http,
    allDocs,
    options312
};
