'use strict';
// Fault-injection variables of the stand-ins, authentication (password prompt without a TTY, JWT), logging.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { run, tempDir, startServer, conn, http } = require('./helpers');

let server;
let file;
test.before(async () => {
    server = await startServer();
    const d = tempDir();
    file = path.join(d, 'docs.jsonl');
    fs.writeFileSync(
        file, Array.from({ length: 120 }, (_, i) => JSON.stringify({ _key: `d${i}`, i })).join('\n') + '\n');
    const r = await run(
        'arangoimport', [...conn(server), file, '--collection', 'base', '--create-collection', 'true']);
    assert.equal(r.code, 0, r.stdout);
});
test.after(async () => {
    if (server) await server.stop();
});

const dumpArgs = () => [...conn(server), '--output-directory', path.join(tempDir(), 'dump')];

test('ARANGOSIM_TOOL_EXIT overrides the exit code after normal work', async () => {
    const r = await run('arangodump', dumpArgs(), { env: { ARANGOSIM_TOOL_EXIT: '7' } });
    assert.equal(r.code, 7);
    assert.match(r.stdout, /Processed 1 collection\(s\)/, 'the work was done');
});

for (const sig of ['SIGSEGV', 'SIGABRT']) {
    test(`ARANGOSIM_TOOL_CRASH=${sig} kills the tool by that signal`, async () => {
        const r = await run(
            'arangorestore', ['-c', 'none', '--server.password', ''], { env: { ARANGOSIM_TOOL_CRASH: sig } });
        assert.equal(r.code, null);
        assert.equal(r.signal, sig);
    });
}

function startHanging(env) {
    let child;
    const done = run('arangoexport', ['-c', 'none', '--collection', 'x'], {
        env,
        onSpawn: (c) => {
            child = c;
        },
        timeoutMs: 30000
    });
    return { done, child: () => child };
}

test('ARANGOSIM_TOOL_HANG hangs until signalled', async () => {
    const h = startHanging({ ARANGOSIM_TOOL_HANG: '1' });
    const raced =
        await Promise.race([h.done, new Promise((r) => setTimeout(() => r('still running'), 1500))]);
    assert.equal(raced, 'still running');
    h.child().kill('SIGTERM');
    const r = await h.done;
    assert.equal(r.signal, 'SIGTERM');
});

test('ARANGOSIM_TOOL_IGNORE_SIGTERM survives SIGTERM, not SIGKILL', async () => {
    const h = startHanging({ ARANGOSIM_TOOL_HANG: '1', ARANGOSIM_TOOL_IGNORE_SIGTERM: '1' });
    await new Promise((r) => setTimeout(r, 700));
    h.child().kill('SIGTERM');
    const raced =
        await Promise.race([h.done, new Promise((r) => setTimeout(() => r('still running'), 1500))]);
    assert.equal(raced, 'still running');
    h.child().kill('SIGKILL');
    assert.equal((await h.done).signal, 'SIGKILL');
});

test('ARANGOSIM_TOOL_SLOW_MS slows every document down', async () => {
    const d = tempDir();
    const f = path.join(d, 'few.jsonl');
    fs.writeFileSync(f, Array.from({ length: 20 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const r = await run(
        'arangoimport', [...conn(server), f, '--collection', 'slow', '--create-collection', 'true'],
        { env: { ARANGOSIM_TOOL_SLOW_MS: '40' } });
    assert.equal(r.code, 0);
    assert.ok(r.ms >= 20 * 40, `took ${r.ms} ms`);
});

test('ARANGOSIM_TOOL_SPAM_BYTES floods stdout and stderr', async () => {
    const r = await run(
        'arangorestore', ['-c', 'none', '/nonexistent/dir'],
        { env: { ARANGOSIM_TOOL_SPAM_BYTES: '300000' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /input directory '\/nonexistent\/dir' does not exist\n$/);
    assert.ok(r.stderr.length >= 300000, `stderr ${r.stderr.length}`);
    const j = await run('arangodump', dumpArgs(), { env: { ARANGOSIM_TOOL_SPAM_BYTES: '300000' } });
    assert.equal(j.code, 0);
    assert.ok(j.stdout.length >= 300000 && j.stderr.length >= 300000);
});

test('ARANGOSIM_TOOL_FAIL_AFTER_DOCS fails mid-run with partial work done', async () => {
    const r = await run(
        'arangoimport',
        [
            ...conn(server), file, '--collection', 'partial', '--create-collection', 'true', '--batch-size',
            '500'
        ],
        { env: { ARANGOSIM_TOOL_FAIL_AFTER_DOCS: '50' } });
    assert.equal(r.code, 1);
    assert.match(
        r.stdout,
        /ERROR \[[0-9a-f]{5}\] \{general\} An error occurred: simulated failure after 50 document\(s\)/);
    const c = await http(server, 'GET', '/_api/collection/partial/count');
    assert.equal(c.json.count, 50);
    const d = await run(
        'arangodump', [...dumpArgs(), '--docs-per-batch', '100'],
        { env: { ARANGOSIM_TOOL_FAIL_AFTER_DOCS: '30' } });
    assert.equal(d.code, 1);
    assert.doesNotMatch(d.stdout, /Processed/);
});

test('log options: file output, json format, levels, time format and no ids', async () => {
    const d = tempDir();
    const logFile = path.join(d, 'tool.log');
    const r = await run(
        'arangodump', [...dumpArgs(), '--log.output', `file://${logFile}`, '--log.level', 'warning']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(logFile, 'utf8'), '', 'INFO suppressed at level warning');
    const j = await run('arangodump', [...dumpArgs(), '--log.use-json-format', 'true', '--log.output', '+']);
    const lines = j.stderr.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.level === 'INFO' && l.topic === 'dump' && /^Processed/.test(l.message)));
    const t = await run(
        'arangodump',
        [...dumpArgs(), '--log.time-format', 'timestamp', '--log.ids', 'false', '--log.thread', 'false']);
    assert.match(t.stdout, /^\d{10} \[\d+\] INFO \{dump\} Connected to ArangoDB/m);
    const def = await run('arangodump', dumpArgs());
    assert.match(
        def.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \[\d+-\d+\] INFO \[[0-9a-f]{5}\] \{dump\} /m);
});

test('basic auth: right password, wrong password, prompt without a TTY', async () => {
    const secured = await startServer(['--auth', 'basic', '--user', 'root:pw']);
    try {
        const base = ['-c', 'none', '--server.endpoint', secured.endpoint];
        const dir = () => path.join(tempDir(), 'd');
        let r = await run('arangodump', [...base, '--server.password', 'pw', dir()]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        r = await run('arangodump', [...base, '--server.password', 'wrong', dir()]);
        assert.equal(r.code, 1);
        assert.match(
            r.stdout,
            new RegExp(`ERROR \\[[0-9a-f]{5}\\] \\{dump\\} Could not connect to endpoint '${
                secured.endpoint}', database: '_system', username: 'root'`));
        assert.match(r.stdout, /Error message: 'not authorized to execute this request'/);
        r = await run('arangodump', [...base, dir()], { input: 'pw\n' });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^Please specify a password: /);
        r = await run('arangodump', [...base, dir()], { input: '' });
        assert.equal(r.code, 1, 'EOF on stdin gives an empty password, which the server rejects');
        assert.match(r.stdout, /^Please specify a password: /);
        r = await run('arangodump', [...base, '--server.authentication', 'false', dir()]);
        assert.equal(r.code, 1, 'no credentials sent');
        assert.doesNotMatch(r.stdout, /Please specify a password/);
    } finally { await secured.stop(); }
});

test('JWT: secret keyfile gives a superuser token; conflicting options are fatal', async () => {
    const d = tempDir();
    const secret = path.join(d, 'secret');
    fs.writeFileSync(secret, 'sim-secret\n');
    const secured = await startServer(['--auth', 'jwt', '--jwt-secret-keyfile', secret, '--user', 'root:pw']);
    try {
        const base = ['-c', 'none', '--server.endpoint', secured.endpoint];
        let r = await run('arangodump', [...base, '--server.jwt-secret-keyfile', secret, path.join(d, 'a')]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        r = await run(
            'arangodump',
            [...base, '--server.jwt-secret-keyfile', secret, '--server.password', 'pw', path.join(d, 'b')]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /FATAL/);
        const tok = await http(secured, 'POST', '/_open/auth', { username: 'root', password: 'pw' });
        assert.equal(tok.status, 200, tok.text);
        r = await run('arangorestore', [
            ...base, '--server.jwt-token', tok.json.jwt, path.join(d, 'a'), '--server.database', 'jwtcopy',
            '--create-database', 'true'
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
    } finally { await secured.stop(); }
});
