'use strict';
// Authentication (basic, JWT), TLS endpoints and the ARANGOSIM_TOOL_* fault-injection variables of the
// arangosh stand-in, against real arangosim servers.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const h = require('./helpers');

const COUNT_SCRIPT = 'print("colls", db._collections().length)';
const T = { timeout: 60000 };

describe('arangosh authentication', { timeout: 180000 }, () => {
    let basic;
    let jwt;
    let secretFile;
    before(async () => {
        basic = await h.startServer(['--auth', 'basic', '--user', 'root:s3cret', '--user', 'alice:pw']);
        secretFile = path.join(h.tempDir(), 'jwt.secret');
        fs.writeFileSync(secretFile, 'the-jwt-secret\n');
        jwt = await h.startServer(['--auth', 'jwt', '--user', 'root:rootpw', '--jwt-secret-keyfile',
            secretFile]);
    });
    after(async () => {
        if (basic) await basic.stop();
        if (jwt) await jwt.stop();
        await h.cleanup();
    });
    const withJwtArgs = (args) => h.runShell(['--configuration', 'none', '--server.endpoint', jwt.endpoint,
        ...args, '--javascript.execute-string', COUNT_SCRIPT]);

    it('basic_auth_with_the_right_password_works', T, async () => {
        const r = await h.shellFor(basic.endpoint, 's3cret').js(COUNT_SCRIPT);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^colls \d+$/m);
        const u = await h.runShell(['--configuration', 'none', '--server.endpoint', basic.endpoint,
            '--server.username', 'alice', '--server.password', 'pw', '--javascript.execute-string',
            'print(arango.connectedUser(), db._version())']);
        assert.strictEqual(u.code, 0, u.stdout + u.stderr);
        assert.match(u.stdout, /^alice 3\./m);
    });

    it('basic_auth_with_a_wrong_password_is_rejected', T, async () => {
        const r = await h.shellFor(basic.endpoint, 'wrong').js(COUNT_SCRIPT);
        assert.strictEqual(r.code, 1);
        const all = r.stdout + r.stderr;
        assert.match(all, /Could not connect to endpoint/);
        assert.match(all, /Error message: 'not authorized to execute this request'/);
        assert.match(all, /ArangoError 11: not authorized to execute this request/);
    });

    it('jwt_secret_keyfile_gives_a_superuser_token', T, async () => {
        const r = await withJwtArgs(['--server.jwt-secret-keyfile', secretFile]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^colls \d+$/m);
        const wrong = path.join(h.tempDir(), 'wrong.secret');
        fs.writeFileSync(wrong, 'another-secret');
        const w = await withJwtArgs(['--server.jwt-secret-keyfile', wrong]);
        assert.strictEqual(w.code, 1);
        assert.match(w.stdout + w.stderr, /not authorized/);
    });

    it('jwt_token_from_open_auth_is_accepted', T, async () => {
        const credentials = { username: 'root', password: 'rootpw' };
        const auth = await h.request(jwt.endpoint, 'POST', '/_open/auth', credentials);
        assert.strictEqual(auth.status, 200, auth.text);
        const r = await withJwtArgs(['--server.jwt-token', auth.json.jwt]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        // The password still works on a JWT server, and a token conflicts with an explicit password.
        const p = await h.shellFor(jwt.endpoint, 'rootpw').js(COUNT_SCRIPT);
        assert.strictEqual(p.code, 0, p.stdout + p.stderr);
        const c = await withJwtArgs(['--server.password', 'rootpw', '--server.jwt-token', auth.json.jwt]);
        assert.strictEqual(c.code, 1);
        assert.match(c.stdout + c.stderr, /FATAL/);
    });
});

describe('arangosh over TLS', { timeout: 180000 }, () => {
    let server;
    before(async () => {
        const dir = h.tempDir();
        const cert = path.join(dir, 'cert.pem');
        const key = path.join(dir, 'key.pem');
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
            '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
        server = await h.startServer(['--tls-cert', cert, '--tls-key', key], 'ssl');
    });
    after(async () => {
        if (server) await server.stop();
        await h.cleanup();
    });

    it('ssl_endpoint_works_with_a_self_signed_certificate', T, async () => {
        assert.match(server.endpoint, /^ssl:\/\//);
        const code = 'db._create("tls").save({ _key: "t" }); print(db.tls.count())';
        const r = await h.shellFor(server.endpoint).js(code);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.strictEqual(r.stdout.trim(), '1');
    });
});

describe('arangosh fault injection', { timeout: 180000 }, () => {
    let server;
    let sh;
    before(async () => {
        server = await h.startServer();
        sh = h.shellFor(server.endpoint);
    });
    after(async () => {
        if (server) await server.stop();
        await h.cleanup();
    });

    it('tool_exit_overrides_the_exit_code_after_the_work', T, async () => {
        const r = await sh.js('db._create("exit_marker"); print("worked")',
            { env: { ARANGOSIM_TOOL_EXIT: '5' } });
        assert.strictEqual(r.code, 5);
        assert.match(r.stdout, /worked/);
        const c = await h.request(server.endpoint, 'GET', '/_api/collection/exit_marker');
        assert.strictEqual(c.status, 200);
    });

    for (const sig of ['SIGSEGV', 'SIGABRT']) {
        it(`tool_crash_${sig.toLowerCase()}_kills_the_shell_by_that_signal`, T, async () => {
            const r = await sh.js('print("no")', { env: { ARANGOSIM_TOOL_CRASH: sig } });
            assert.strictEqual(r.signal, sig);
            assert.doesNotMatch(r.stdout, /^no$/m);
        });
    }

    it('tool_hang_keeps_running_until_signalled', T, async () => {
        const child = h.spawnShell([...h.baseArgs(server.endpoint), '--javascript.execute-string',
            'print("no")'], { env: { ARANGOSIM_TOOL_HANG: '1' } });
        try {
            assert.strictEqual(await h.waitExit(child, 1500), null);
            child.kill('SIGTERM');
            assert.deepStrictEqual(await h.waitExit(child, 20000), { code: null, signal: 'SIGTERM' });
            assert.doesNotMatch(child.out, /no/);
        } finally {
            child.kill('SIGKILL');
        }
    });

    // A busy script: the shell is inside synchronous JavaScript (and HTTP) when the signal arrives.
    const BUSY = 'print("started"); while (true) { require("internal").sleep(0.05); db._version(); }';

    it('ignore_sigterm_survives_sigterm_but_not_sigkill', T, async () => {
        const child = h.spawnShell([...h.baseArgs(server.endpoint), '--javascript.execute-string', BUSY],
            { env: { ARANGOSIM_TOOL_IGNORE_SIGTERM: '1' } });
        try {
            await h.waitFor(() => /started/.test(child.out), 30000, 'script start');
            child.kill('SIGTERM');
            assert.strictEqual(await h.waitExit(child, 1500), null);
            child.kill('SIGKILL');
            assert.deepStrictEqual(await h.waitExit(child, 20000), { code: null, signal: 'SIGKILL' });
        } finally {
            child.kill('SIGKILL');
        }
    });

    it('without_ignore_sigterm_a_busy_script_dies_by_sigterm', T, async () => {
        const child = h.spawnShell([...h.baseArgs(server.endpoint), '--javascript.execute-string', BUSY]);
        try {
            await h.waitFor(() => /started/.test(child.out), 30000, 'script start');
            child.kill('SIGTERM');
            assert.deepStrictEqual(await h.waitExit(child, 20000), { code: null, signal: 'SIGTERM' });
        } finally {
            child.kill('SIGKILL');
        }
    });
});
