'use strict';
// Test helpers for the arangosh stand-in: start a real arangosim server on port 0 in a temp directory,
// run the sim-bin arangosh launcher with a hard time cap, and talk to the server directly over HTTP.
// ARANGOKIT_SIM_BIN_DIR (set by ctest) names the directory holding arangosim and the launchers.

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');

function binDir() {
    const d = process.env.ARANGOKIT_SIM_BIN_DIR;
    if (!d) throw new Error('ARANGOKIT_SIM_BIN_DIR is not set (ctest sets it to <build>/sim-bin)');
    return d;
}

const children = new Set();
const tempDirs = new Set();

function tempDir(prefix = 'arangosh-test-') {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.add(d);
    return d;
}

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

function waitExit(child, timeoutMs) {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
            resolve({ code: child.exitCode, signal: child.signalCode });
            return;
        }
        const t = setTimeout(() => resolve(null), timeoutMs);
        child.once('exit', (code, signal) => {
            clearTimeout(t);
            resolve({ code, signal });
        });
    });
}

// Starts arangosim; resolves to {endpoint, dir, stop()}. extra: additional argv items; scheme: 'tcp' or
// 'ssl' (then extra must carry --tls-cert/--tls-key).
async function startServer(extra = [], scheme = 'tcp') {
    const dir = tempDir('arangosim-');
    const epFile = path.join(dir, 'endpoint');
    const args = ['--data-dir', path.join(dir, 'data'), '--endpoint', `${scheme}://127.0.0.1:0`,
        '--endpoint-file', epFile, ...extra];
    const child = spawn(path.join(binDir(), 'arangosim'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(epFile)) {
        if (child.exitCode !== null) throw new Error(`arangosim exited early (${child.exitCode}): ${stderr}`);
        if (Date.now() > deadline) throw new Error('arangosim did not write its endpoint file within 30 s');
        await sleep(25);
    }
    const endpoint = fs.readFileSync(epFile, 'utf8').split('\n')[0].trim();
    return {
        endpoint,
        dir,
        async stop() {
            child.kill('SIGTERM');
            if (!(await waitExit(child, 15000))) {
                child.kill('SIGKILL');
                await waitExit(child, 5000);
            }
            children.delete(child);
        },
    };
}

// Runs the arangosh launcher to completion (SIGKILL after timeoutMs). Resolves to
// {code, signal, stdout, stderr, timedOut}.
function runShell(args, { input, env, timeoutMs = 60000 } = {}) {
    return new Promise((resolve) => {
        const child = spawn(path.join(binDir(), 'arangosh'), args, {
            stdio: ['pipe', 'pipe', 'pipe'],
            env: { ...process.env, ...(env || {}) },
        });
        children.add(child);
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        const t = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, timeoutMs);
        child.on('close', (code, signal) => {
            clearTimeout(t);
            children.delete(child);
            resolve({ code, signal, stdout, stderr, timedOut });
        });
        child.stdin.on('error', () => {});
        if (input !== undefined) child.stdin.end(input);
        else child.stdin.end();
    });
}

// Starts arangosh and keeps it running; the caller drives stdin and must call kill()/waitExit.
function spawnShell(args, { env } = {}) {
    const child = spawn(path.join(binDir(), 'arangosh'), args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...(env || {}) },
    });
    children.add(child);
    child.out = '';
    child.err = '';
    child.stdout.on('data', (d) => { child.out += d; });
    child.stderr.on('data', (d) => { child.err += d; });
    child.stdin.on('error', () => {});
    child.on('exit', () => children.delete(child));
    return child;
}

// Resolves once `pred(child)` holds, polling; rejects after timeoutMs.
async function waitFor(pred, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(20);
    }
}

// Plain HTTP to the server (no auth unless given): resolves to {status, json}.
function request(endpoint, method, urlPath, body, headers = {}) {
    const m = /^tcp:\/\/([^:]+):(\d+)$/.exec(endpoint);
    return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = http.request({ host: m[1], port: Number(m[2]), method, path: urlPath,
            headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
            let text = '';
            res.on('data', (d) => { text += d; });
            res.on('end', () => {
                let json;
                try { json = JSON.parse(text); } catch (_) { json = undefined; }
                resolve({ status: res.statusCode, json, text });
            });
        });
        req.on('error', reject);
        req.setTimeout(20000, () => req.destroy(new Error('request timeout')));
        if (data) req.write(data);
        req.end();
    });
}

// Kills whatever a failed test left behind and removes temp directories.
async function cleanup() {
    for (const c of [...children]) {
        try { c.kill('SIGKILL'); } catch (_) { /* already gone */ }
        await waitExit(c, 5000);
    }
    children.clear();
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
    tempDirs.clear();
}

function baseArgs(endpoint, password = '') {
    return ['--configuration', 'none', '--server.endpoint', endpoint, '--server.password', password];
}

// Returns a runner bound to one server: run(...args) and js(code, options) (--javascript.execute-string).
function shellFor(endpoint, password = '') {
    const run = (args, options) => runShell([...baseArgs(endpoint, password), ...args], options);
    return { run, js: (code, options) => run(['--javascript.execute-string', code], options) };
}

module.exports = {
    binDir, startServer, runShell, spawnShell, waitFor, waitExit, request, cleanup, tempDir, sleep, baseArgs,
    shellFor,
};
