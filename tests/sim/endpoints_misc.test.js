'use strict';
// Endpoint handling (TLS, endpoint aliases, several coordinators round-robin) and assorted tool options.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { run, tempDir, startServer, conn, http, allDocs } = require('./helpers');

let server;
test.before(async () => {
    server = await startServer();
});
test.after(async () => {
    if (server) await server.stop();
});

test('TLS endpoints with two coordinators: ssl://, http+ssl:// and https:// all work', async () => {
    const d = tempDir();
    execFileSync(
        'openssl',
        [
            'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(d, 'key.pem'), '-out',
            path.join(d, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost'
        ],
        { stdio: 'ignore' });
    const tls = await startServer([
        '--tls-cert', path.join(d, 'cert.pem'), '--tls-key', path.join(d, 'key.pem'), '--coordinators', '2'
    ]);
    try {
        const eps = fs.readFileSync(path.join(tls.dataDir, 'endpoint'), 'utf8').trim().split('\n');
        assert.equal(eps.length, 2);
        assert.match(eps[0], /^ssl:\/\//);
        let r = await run('arangobench', [
            '-c', 'none', '--server.password', '', '--server.endpoint', eps[0], '--server.endpoint',
            eps[1].replace('ssl:', 'http+ssl:'), '--requests', '40', '--threads', '2'
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        r = await run('arangodump', [
            '-c', 'none', '--server.password', '', '--server.endpoint', eps[1].replace('ssl:', 'https:'),
            path.join(d, 'dump')
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
    } finally { await tls.stop(); }
});

test('several endpoints are used round-robin by arangobench threads', async () => {
    const r = await run('arangobench', [
        '-c', 'none', '--server.password', '', '--server.endpoint', server.endpoint, '--server.endpoint',
        'tcp://127.0.0.1:1', '--requests', '20', '--threads', '2', '--server.connection-timeout', '2'
    ]);
    assert.equal(r.code, 1, 'the second thread talks to the dead endpoint');
    assert.match(r.stdout, /At least one of the runs produced failures!/);
    const http1 = await run('arangobench', [
        '-c', 'none', '--server.password', '', '--server.endpoint', server.endpoint.replace('tcp:', 'http:'),
        '--requests', '5'
    ]);
    assert.equal(http1.code, 0, 'http:// is an endpoint alias in 3.12');
});

test('bad endpoints and client checks are FATAL before any work', async () => {
    for (const [args, re] of [
             [
                 ['--server.endpoint', 'tcp://0.0.0.0:8529'],
                 /only allowed for servers binding - not for clients connecting/
             ],
             [['--server.endpoint', 'bogus'], /invalid value for --server\.endpoint/],
             [['--server.username', ''], /no value specified for --server\.username/],
             [['--server.request-timeout', '-1'], /must be positive/]]) {
        const r = await run(
            'arangoexport',
            ['-c', 'none', '--server.password', '', '--collection', 'x', path.join(tempDir(), 'o'), ...args]);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, re);
    }
});

test('arangodump system collections, --ignore-collection, --dump-data false, --overwrite', async () => {
    await http(server, 'POST', '/_api/collection', { name: 'keep' });
    await http(server, 'POST', '/_api/collection', { name: 'skip' });
    await http(server, 'POST', '/_api/document/keep', [{ _key: 'a' }, { _key: 'b' }]);
    const d = tempDir();
    let r = await run('arangodump', [
        ...conn(server), path.join(d, 'a'), '--ignore-collection', 'skip', '--include-system-collections',
        'true'
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const files = fs.readdirSync(path.join(d, 'a'));
    assert.ok(files.some((f) => f.startsWith('keep_')));
    assert.ok(!files.some((f) => f.startsWith('skip_')));
    assert.ok(files.some((f) => f.startsWith('_')), 'system collections included');
    r = await run('arangodump', [
        ...conn(server), path.join(d, 'b'), '--collection', '_graphs', '--collection', 'keep', '--collection',
        'missing', '--dump-data', 'false'
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /WARNING \[[0-9a-f]{5}\] \{dump\} Requested collection 'missing' not found/);
    const fb = fs.readdirSync(path.join(d, 'b'));
    assert.ok(
        fb.some((f) => f.startsWith('_graphs_') && f.endsWith('.structure.json')),
        'names starting with _ pull system collections in');
    assert.ok(!fb.some((f) => f.includes('.data.json')), 'structure only');
    r = await run(
        'arangodump', [...conn(server), path.join(d, 'b'), '--overwrite', 'true', '--collection', 'keep']);
    assert.equal(r.code, 0);
    r = await run(
        'arangodump',
        [...conn(server), path.join(d, 'b'), '--overwrite', 'true', '--encryption.keyfile', __filename]);
    assert.equal(r.code, 1, 'key of the wrong length');
    fs.writeFileSync(path.join(d, 'k'), Buffer.alloc(32, 1));
    r = await run('arangodump', [
        ...conn(server), path.join(d, 'b'), '--overwrite', 'true', '--encryption.keyfile', path.join(d, 'k')
    ]);
    assert.equal(r.code, 1);
    assert.match(
        r.stderr,
        /encryption type in existing ENCRYPTION file '.*ENCRYPTION' \(none\) does not match requested encryption type \(aes-256-ctr\)/);
});

test('arangorestore --overwrite false keeps an existing collection and fails without --force', async () => {
    const d = tempDir();
    let r = await run('arangodump', [...conn(server), path.join(d, 'x'), '--collection', 'keep']);
    assert.equal(r.code, 0);
    r = await run('arangorestore', [...conn(server), path.join(d, 'x'), '--overwrite', 'false']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /Error while creating document collection 'keep'/);
    r = await run('arangorestore', [...conn(server), path.join(d, 'x'), '--import-data', 'false']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((await allDocs(server, '_system', 'keep')).length, 0, 'overwrite re-created it empty');
    r = await run('arangorestore', [...conn(server), path.join(d, 'x'), '--create-collection', 'false']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((await allDocs(server, '_system', 'keep')).length, 2);
});

test(
    'arangoimport --create-database and --overwrite; arangobench --duration and --create-database',
    async () => {
        const d = tempDir();
        const f = path.join(d, 'a.jsonl');
        fs.writeFileSync(f, '{"x":1}\n{"x":2}\n');
        let r = await run('arangoimport', [
            ...conn(server, { database: 'impdb' }), f, '--collection', 'c', '--create-collection', 'true',
            '--create-database', 'true'
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^Creating database 'impdb'$/m);
        r = await run(
            'arangoimport',
            [...conn(server, { database: 'impdb' }), f, '--collection', 'c', '--overwrite', 'true']);
        assert.equal(r.code, 0);
        assert.equal((await allDocs(server, 'impdb', 'c')).length, 2, '--overwrite truncated first');
        r = await run('arangobench', [
            ...conn(server, { database: 'benchdb' }), '--create-database', 'true', '--duration', '1',
            '--threads', '2', '--test-case', 'document'
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const ops = Number(/Total number of operations: (\d+)/.exec(r.stdout)[1]);
        assert.ok(ops > 0);
        const c = await http(server, 'GET', '/_db/benchdb/_api/collection/ArangoBenchmark/count');
        assert.equal(c.json.count, ops);
    });
