'use strict';
// Console mode of the arangosh stand-in: statements on stdin, results printed like the shell, print()
// output flushed at once so a driver can wait for a marker, errors reported without ending the shell.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const h = require('./helpers');

describe('arangosh console', { timeout: 180000 }, () => {
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
    const T = { timeout: 60000 };

    // Sends one statement plus print(marker); resolves to the stdout text produced before the marker.
    async function exchange(child, statement, marker) {
        const start = child.out.length;
        child.stdin.write(`${statement}\nprint(${JSON.stringify(marker)})\n`);
        await h.waitFor(() => child.out.indexOf(marker + '\n', start) >= 0, 30000, `marker ${marker}`);
        return child.out.slice(start, child.out.indexOf(marker + '\n', start));
    }

    it('driver_reads_each_result_up_to_its_marker_while_the_shell_keeps_running', T, async () => {
        const child = h.spawnShell([...h.baseArgs(server.endpoint), '--quiet', 'true']);
        try {
            const say = async (stmt, marker) => (await exchange(child, stmt, marker)).trim();
            assert.strictEqual(await say('var c = db._create("console_items")', 'M1'), '');
            const saved = JSON.parse(await say('c.save({ _key: "a", n: 1 })', 'M2'));
            assert.strictEqual(saved._key, 'a');
            assert.strictEqual(saved._id, 'console_items/a');
            // A statement spread over several lines is evaluated once it parses.
            const multiLine = 'db._query(\n  "FOR d IN console_items RETURN d"\n).toArray()';
            const arr = JSON.parse(await say(multiLine, 'M3'));
            assert.strictEqual(arr.length, 1);
            assert.strictEqual(arr[0].n, 1);
            const obj = JSON.parse(await say('({ a: [1, 2, { b: "x" }], n: null })', 'M4'));
            assert.deepStrictEqual(obj, { a: [1, 2, { b: 'x' }], n: null });
            assert.strictEqual(await say('print("plain text")', 'M5'), 'plain text');
            assert.strictEqual(await say('c.count()', 'M6'), '1');
            // Still running: every statement was answered while stdin stayed open.
            assert.strictEqual(child.exitCode, null);
            // An error does not end the shell; the report goes to stderr and the marker still arrives.
            assert.strictEqual(await say('db._collection("nope").save({})', 'M7'), '');
            await h.waitFor(() => /JavaScript exception in file '\(shell\)' at 1,/.test(child.err), 30000,
                'exception report');
            assert.match(await say('db._collection("console_items")', 'M8'),
                /^\[ArangoCollection \d+, "console_items" \(type document, status loaded\)\]$/);
            child.stdin.end();
            assert.deepStrictEqual(await h.waitExit(child, 30000), { code: 0, signal: null });
        } finally {
            child.kill('SIGKILL');
        }
    });

    it('eof_on_stdin_ends_the_shell_with_exit_0', T, async () => {
        const r = await sh.run(['--quiet', 'true'], { input: 'var x = 20;\nx + 1\nprint("done")\n' });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(r.stdout.trim().split('\n'), ['21', 'done']);
    });

    it('banner_has_the_connected_line_unless_quiet', T, async () => {
        const loud = await sh.run([], { input: '' });
        assert.strictEqual(loud.code, 0, loud.stderr);
        const port = server.endpoint.split(':').pop();
        assert.match(loud.stdout, new RegExp(
            `^Connected to ArangoDB 'http\\+tcp://127\\.0\\.0\\.1:${port}, version` +
            ": 3\\.\\d+\\.\\d+ \\[[^\\]]*\\], database: '_system', username: 'root'$", 'm'));
        const quiet = await sh.run(['--quiet'], { input: '' });
        assert.strictEqual(quiet.code, 0);
        assert.strictEqual(quiet.stdout, '');
        // Script modes are quiet on their own, as in arangosh.
        const exec = await sh.js('0');
        assert.doesNotMatch(exec.stdout, /Connected to ArangoDB/);
    });

    it('exit_ends_the_console_and_a_failed_last_statement_exits_1', T, async () => {
        const r = await sh.run(['--quiet'], { input: 'print("one")\nexit\nprint("two")\n' });
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.stdout.trim(), 'one');
        const f = await sh.run(['--quiet'], { input: 'throw new Error("last")\n' });
        assert.strictEqual(f.code, 1);
        assert.match(f.stderr, /Error: last/);
    });

    it('a_genuine_syntax_error_is_reported_and_the_console_continues', T, async () => {
        const r = await sh.run(['--quiet'], { input: 'f(1 2)\nprint("after")\n[1,\n2]\n' });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stderr, /SyntaxError: missing \) after argument list/);
        assert.deepStrictEqual(JSON.parse(r.stdout.slice(r.stdout.indexOf('['))), [1, 2]);
        assert.match(r.stdout, /^after$/m);
    });
});
