'use strict';
// Script modes of the arangosh stand-in against a real arangosim: --javascript.execute files,
// ARGUMENTS, --javascript.execute-string, --javascript.check-syntax, modules, loud failures for
// unsupported APIs, exception reports and exit codes.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const h = require('./helpers');

const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const lastLine = (text) => text.trim().split('\n').pop();

describe('arangosh scripts', { timeout: 180000 }, () => {
    let server;
    let sh;
    let dir;
    before(async () => {
        server = await h.startServer();
        sh = h.shellFor(server.endpoint);
        dir = h.tempDir();
    });
    after(async () => {
        if (server) await server.stop();
        await h.cleanup();
    });

    const script = (name, text) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
    };
    const T = { timeout: 60000 };

    it('inserts_and_reads_documents_from_a_script_file', T, async () => {
        const f = script('insert.js', `
            const c = db._create('things');
            for (let i = 0; i < 25; ++i) c.save({ _key: 'k' + i, i, even: i % 2 === 0 });
            db.things.update('k1', { extra: true });
            const one = db._query('FOR d IN things FILTER d._key == @k RETURN d', { k: 'k7' }).toArray();
            const all = db._query('FOR d IN things RETURN d', {}, { batchSize: 4 }).toArray();
            const cursor = db._query('FOR d IN things FILTER d.even == true RETURN d', {}, { batchSize: 5 });
            let evens = 0;
            while (cursor.hasNext()) evens += cursor.next().even ? 1 : 0;
            print(JSON.stringify({
                count: c.count(), seven: one[0].i, all: all.length, isArray: all instanceof Array, evens,
                extra: db.things.document('k1').extra, missing: db.things.exists('nope'),
                length: db._query(aql\`RETURN LENGTH(\${c})\`).toArray()[0],
            }));
        `);
        const r = await sh.run(['--javascript.execute', f]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(JSON.parse(lastLine(r.stdout)),
            { count: 25, seven: 7, all: 25, isArray: true, evens: 13, extra: true, missing: false,
                length: 25 });
        // The documents really are on the server.
        const count = await h.request(server.endpoint, 'GET', '/_api/collection/things/count');
        assert.strictEqual(count.json.count, 25);
    });

    it('passes_positionals_and_arguments_after_double_dash_in_ARGUMENTS', T, async () => {
        const f = script('args.js',
            'print(JSON.stringify({ a: ARGUMENTS, file: __filename, exec: IS_EXECUTE_SCRIPT }));');
        const r = await sh.run(['--javascript.execute', f, 'first', '--', '--client-id', '3', 'x y']);
        assert.strictEqual(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout.trim());
        assert.deepStrictEqual(out.a, ['first', '--client-id', '3', 'x y']);
        assert.strictEqual(out.file, f);
        assert.strictEqual(out.exec, true);
    });

    it('execute_string_runs_code_and_a_nonzero_numeric_result_exits_1', T, async () => {
        const ok = await sh.js('print("version", db._version(), IS_EXECUTE_STRING); 0');
        assert.strictEqual(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /^version 3\.\d+\.\d+ true$/m);
        assert.strictEqual((await sh.js('1 + 1')).code, 1);
        assert.strictEqual((await sh.js('"a string result"')).code, 0);
    });

    it('check_syntax_reports_syntax_errors_without_running_the_file', T, async () => {
        const good = script('good.js', 'db._create("never_created");\n');
        const r = await sh.run(['--javascript.check-syntax', good]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        const probe = await h.request(server.endpoint, 'GET', '/_api/collection/never_created');
        assert.strictEqual(probe.status, 404);
        const bad = script('bad.js', 'var a = 1;\nvar b = ;\n');
        const e = await sh.run(['--javascript.check-syntax', bad]);
        assert.strictEqual(e.code, 1);
        assert.match(e.stdout + e.stderr, new RegExp(`in file '${reEscape(bad)}' at 2,\\d+: SyntaxError`));
    });

    it('unsupported_api_fails_loudly_naming_what_is_missing', T, async () => {
        const r = await sh.js('db._explain("FOR d IN x RETURN d")');
        assert.strictEqual(r.code, 1);
        const all = r.stdout + r.stderr;
        assert.match(all, /arangosh simulator: db\._explain is not supported/);
        assert.match(all,
            /ERROR \[c254f\] \{general\} JavaScript exception in file '\(command-line\)' at 1,4: /);
        const mod = await sh.js('require("@arangodb/foxx/manager")');
        assert.strictEqual(mod.code, 1);
        assert.match(mod.stdout + mod.stderr, /require\('@arangodb\/foxx\/manager'\) is not supported/);
        const coll = await sh.js('db._create("idx").byExample({ a: 1 })');
        assert.strictEqual(coll.code, 1);
        assert.match(coll.stdout + coll.stderr, /collection\.byExample is not supported/);
        const env = await sh.js('process.env.HOME');
        assert.strictEqual(env.code, 1);
        assert.match(env.stdout + env.stderr,
            /process\.env \(use require\('internal'\)\.env\) is not supported/);
    });

    it('uncaught_exception_prints_a_javascript_exception_report_and_exits_1', T, async () => {
        const f = script('throws.js', 'var x = 1;\nvar c = db._collection("does_not_exist");\nc.save({});\n');
        const r = await sh.run(['--javascript.execute', f]);
        assert.strictEqual(r.code, 1);
        const all = r.stdout + r.stderr;
        assert.match(all, new RegExp(`JavaScript exception in file '${reEscape(f)}' at 3,3: ` +
            'TypeError: Cannot read properties of null'));
        assert.match(all, /!c\.save\(\{\}\);/);
        assert.match(all, /stacktrace: TypeError/);

        const g = script('arango_error.js', 'db._create("dup");\ndb._create("dup");\n');
        const r2 = await sh.run(['--javascript.execute', g]);
        assert.strictEqual(r2.code, 1);
        assert.match(r2.stdout + r2.stderr, /at 2,\d+: ArangoError 1207: duplicate name/);
    });

    it('arango_error_is_catchable_with_real_error_numbers', T, async () => {
        const r = await sh.js(`
            const { ArangoError, errors } = require('@arangodb');
            const c = db._create('catch_me');
            c.save({ _key: 'a' });
            let num = 0;
            try { c.save({ _key: 'a' }); } catch (e) { num = e instanceof ArangoError ? e.errorNum : -1; }
            let missing = 0;
            try { c.document('zzz'); } catch (e) { missing = e.errorNum; }
            print(JSON.stringify([num === errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED.code,
                missing === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code]));
        `);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.strictEqual(r.stdout.trim(), '[true,true]');
    });

    it('internal_exit_and_process_exit_set_the_exit_code', T, async () => {
        const r = await sh.js('print("before"); require("internal").exit(7); print("after")');
        assert.strictEqual(r.code, 7);
        assert.match(r.stdout, /before/);
        assert.doesNotMatch(r.stdout, /after/);
        assert.strictEqual((await sh.js('process.exit(9)')).code, 9);
    });

    it('missing_script_file_exits_1', T, async () => {
        const r = await sh.run(['--javascript.execute', path.join(dir, 'nope.js')]);
        assert.strictEqual(r.code, 1);
        assert.match(r.stdout + r.stderr, /JavaScript file not found/);
    });

    it('modules_load_from_module_directories_and_fs_and_internal_work', T, async () => {
        const modDir = path.join(dir, 'mods');
        fs.mkdirSync(path.join(modDir, 'common', 'modules'), { recursive: true });
        fs.writeFileSync(path.join(modDir, 'common', 'modules', 'helper.js'),
            'exports.twice = (x) => 2 * x; exports.db = require("@arangodb").db._name();');
        const startDir = path.join(dir, 'js');
        fs.mkdirSync(path.join(startDir, 'client', 'modules'), { recursive: true });
        fs.writeFileSync(path.join(startDir, 'client', 'modules', 'startup_mod.js'),
            'module.exports = "from startup";');
        const out = JSON.stringify(path.join(dir, 'written.txt'));
        const r = await sh.run(['--javascript.module-directory', modDir,
            '--javascript.startup-directory', startDir, '--javascript.execute-string', `
            const fs = require('fs');
            const internal = require('internal');
            const helper = require('helper');
            fs.write(${out}, 'hello');
            const t0 = internal.time();
            internal.sleep(0.05);
            print(JSON.stringify({
                twice: helper.twice(21), db: helper.db, startup: require('startup_mod'),
                read: fs.read(${out}),
                exists: fs.exists(${out}), slept: internal.time() - t0 >= 0.04,
                info: JSON.parse(internal.env.INSTANCEINFO).name, joined: fs.join('a', 'b'),
                listed: fs.list(${JSON.stringify(dir)}).includes('written.txt'),
            }));
        `], { env: { INSTANCEINFO: JSON.stringify({ name: 'inst1' }) } });
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout.trim()), {
            twice: 42, db: '_system', startup: 'from startup', read: 'hello', exists: true, slept: true,
            info: 'inst1', joined: 'a/b', listed: true,
        });
    });

    it('databases_can_be_created_used_and_dropped', T, async () => {
        const r = await sh.js(`
            db._createDatabase('shop');
            db._useDatabase('shop');
            db._create('orders').save({ _key: 'o1' });
            const inShop = db.orders.count();
            db._useDatabase('_system');
            const sys = db._collection('orders');
            const names = db._databases();
            db._dropDatabase('shop');
            const after = db._databases().includes('shop');
            print(JSON.stringify({ inShop, sys, hasShop: names.includes('shop'), after }));
        `);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout.trim()),
            { inShop: 1, sys: null, hasShop: true, after: false });
    });

    it('raw_arango_requests_return_parsed_json_and_reconnect_switches_database', T, async () => {
        const r = await sh.js(`
            const v = arango.GET('/_api/version');
            const created = arango.POST('/_api/collection', { name: 'raw' });
            const doc = arango.POST('/_api/document/raw', JSON.stringify({ _key: 'r1', v: 1 }));
            const notFound = arango.GET('/_api/document/raw/nope');
            arango.PATCH('/_api/document/raw/r1', { v: 2 });
            const got = arango.GET('/_api/document/raw/r1');
            arango.DELETE('/_api/document/raw/r1');
            const count = db.raw.count();
            db._createDatabase('second');
            arango.reconnect(arango.getEndpoint(), 'second', 'root', '');
            print(JSON.stringify({ server: v.server, name: created.name, key: doc._key, nf: notFound.errorNum,
                v: got.v, count, ep: arango.getEndpoint(), db: db._name(), raw: db._collection('raw') }));
        `);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout.trim()), {
            server: 'arango', name: 'raw', key: 'r1', nf: 1202, v: 2, count: 0, ep: server.endpoint,
            db: 'second', raw: null,
        });
    });

    it('unreachable_server_logs_could_not_connect_and_db_calls_fail', T, async () => {
        const r = await h.runShell([...h.baseArgs('tcp://127.0.0.1:1'), '--javascript.execute-string',
            'db._collections()']);
        assert.strictEqual(r.code, 1);
        const all = r.stdout + r.stderr;
        assert.match(all,
            /Could not connect to endpoint 'tcp:\/\/127\.0\.0\.1:1', database: '_system', username/);
        assert.match(all, /ArangoError 2001/);
    });

    it('request_timeout_bounds_a_request_the_server_never_answers', T, async () => {
        const silent = require('net').createServer((sock) => sock.on('error', () => {}));
        await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
        try {
            const ep = `tcp://127.0.0.1:${silent.address().port}`;
            const started = Date.now();
            const r = await h.runShell([...h.baseArgs(ep), '--server.request-timeout', '1',
                '--javascript.execute-string', 'print("ran"); db._collections()'], { timeoutMs: 50000 });
            assert.strictEqual(r.code, 1, r.stdout + r.stderr);
            assert.match(r.stdout, /^ran$/m);
            assert.match(r.stdout + r.stderr, /Request timeout reached/);
            assert.ok(Date.now() - started < 40000);
        } finally {
            silent.close();
        }
    });

    it('unknown_option_exits_3_like_the_real_tool', T, async () => {
        const r = await sh.run(['--javascript.executee', 'x.js']);
        assert.strictEqual(r.code, 3);
        assert.match(r.stderr, /unknown option '--javascript\.executee'/);
    });
});
