'use strict';
// arangodump -> arangorestore -> arangodump against the real arangosim: plain, gzip, split, encrypted,
// all-databases, and --continue after a failure-point crash.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { run, tempDir, startServer, conn, http, allDocs } = require('./helpers');

let server;
const VOLATILE = new Set(['id', 'objectId', 'globallyUniqueId', 'count', 'cid', 'planId', 'status']);

async function seed(srv, db, n) {
    if (db !== '_system') assert.equal((await http(srv, 'POST', '/_api/database', { name: db })).status, 201);
    for (const [name, type] of [['people', 2], ['knows', 3], ['empty', 2]]) {
        const r = await http(srv, 'POST', `/_db/${db}/_api/collection`, { name, type });
        assert.ok(r.status < 300, r.text);
    }
    const people = Array.from({ length: n }, (_, i) => ({
                                                 _key: `p${i}`,
                                                 name: `person ${i}`,
                                                 n: i,
                                                 tags: ['a', i % 3],
                                                 nested: { x: i / 7, s: 'é"\\\n' }
                                             }));
    assert.ok((await http(srv, 'POST', `/_db/${db}/_api/document/people`, people)).status < 300);
    const edges = Array.from(
        { length: 40 }, (_, i) => ({ _key: `k${i}`, _from: `people/p${i}`, _to: `people/p${i + 1}`, w: i }));
    assert.ok((await http(srv, 'POST', `/_db/${db}/_api/document/knows`, edges)).status < 300);
}

function decrypt(buf, key) {
    const d = crypto.createDecipheriv('aes-256-ctr', key, buf.subarray(0, 16));
    return Buffer.concat([d.update(buf.subarray(16)), d.final()]);
}

// Reads a dump directory into a comparable shape: collections with stable parameters and sorted documents.
function readDump(dir, key) {
    const files = fs.readdirSync(dir).sort();
    const read = (f) => {
        const b = fs.readFileSync(path.join(dir, f));
        return key ? decrypt(b, key) : b;
    };
    const enc = fs.readFileSync(path.join(dir, 'ENCRYPTION'), 'utf8');
    const meta = JSON.parse(read('dump.json').toString());
    const colls = {};
    for (const f of files.filter((x) => x.endsWith('.structure.json'))) {
        const s = JSON.parse(read(f).toString());
        const name = s.parameters.name;
        const md5 = crypto.createHash('md5').update(name).digest('hex');
        assert.equal(f, `${name}_${md5}.structure.json`);
        const params = Object.fromEntries(Object.entries(s.parameters).filter(([k]) => !VOLATILE.has(k)));
        const dataFiles = files.filter((x) => x.startsWith(`${name}_${md5}.`) && x.includes('.data.json'));
        const docs = [];
        for (const df of dataFiles) {
            let b = read(df);
            if (df.endsWith('.gz')) b = zlib.gunzipSync(b);
            for (const l of b.toString().split('\n'))
                if (l) {
                    const d = JSON.parse(l);
                    delete d._rev;
                    docs.push(d);
                }
        }
        docs.sort((a, b) => (a._key < b._key ? -1 : 1));
        colls[name] = { params, indexes: s.indexes, docs, dataFiles };
    }
    return { files, enc, meta, colls };
}

function sameCollections(a, b) {
    assert.deepEqual(Object.keys(a.colls).sort(), Object.keys(b.colls).sort());
    for (const n of Object.keys(a.colls)) {
        assert.deepEqual(b.colls[n].params, a.colls[n].params, `parameters of ${n}`);
        assert.deepEqual(b.colls[n].docs, a.colls[n].docs, `documents of ${n}`);
    }
}

test.before(async () => {
    server = await startServer();
    await seed(server, 'rt', 250);
});
test.after(async () => {
    if (server) await server.stop();
});

const variants = [
    { name: 'plain', args: ['--compress-output', 'false'], ext: /\.data\.json$/},
    { name: 'gzip', args: [], ext: /\.data\.json\.gz$/},
    {
        name: 'split',
        args: ['--split-files', 'true', '--docs-per-batch', '100', '--compress-output', 'false'],
        ext: /\.\d+\.data\.json$/
    },
];

for (const v of variants) {
    test(`round trip (${v.name}) compares equal`, async () => {
        const d = tempDir();
        const first = path.join(d, 'first'), second = path.join(d, 'second');
        let r = await run(
            'arangodump', [...conn(server, { database: 'rt' }), '--output-directory', first, ...v.args]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(
            r.stdout,
            /INFO \[66c0e\] \{dump\} Processed 3 collection\(s\) from 1 database\(s\) in [\d.]+ s total time\. Wrote \d+ bytes into datafiles, sent \d+ batch\(es\) in total\./);
        const a = readDump(first);
        assert.equal(a.enc, 'none');
        assert.equal(a.meta.database, 'rt');
        assert.equal(a.colls.people.docs.length, 250);
        assert.equal(a.colls.knows.params.type, 3);
        for (const c of ['people', 'knows'])
            for (const f of a.colls[c].dataFiles) assert.match(f, v.ext);
        if (v.name === 'split') {
            assert.equal(a.colls.people.dataFiles.length, 3, 'three batches of 100 -> three files');
            assert.equal(a.colls.empty.dataFiles.length, 0, 'no data file for an empty collection');
        } else {
            assert.equal(a.colls.empty.dataFiles.length, 1, 'an empty collection still gets its data file');
        }
        const target = `rt_${v.name}`;
        r = await run(
            'arangorestore',
            [...conn(server, { database: target }), '--input-directory', first, '--create-database', 'true']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(
            r.stdout,
            /Processed 3 collection\(s\) from 1 database\(s\) in [\d.]+ s total time\. Read \d+ bytes from datafiles, sent \d+ data batch\(es\) of \d+ bytes total size\./);
        assert.deepEqual(await allDocs(server, target, 'people'), await allDocs(server, 'rt', 'people'));
        r = await run('arangodump', [...conn(server, { database: target }), second, ...v.args]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        sameCollections(a, readDump(second));
    });
}

test('encrypted round trip: every file but ENCRYPTION is AES-256-CTR with a 16-byte IV, gzip off', async () => {
    const d = tempDir();
    const keyFile = path.join(d, 'key');
    const key = crypto.randomBytes(32);
    fs.writeFileSync(keyFile, key);
    const first = path.join(d, 'first'), second = path.join(d, 'second');
    let r = await run(
        'arangodump',
        [...conn(server, { database: 'rt' }), '--output-directory', first, '--encryption.keyfile', keyFile]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(first, 'ENCRYPTION'), 'utf8'), 'aes-256-ctr');
    assert.throws(() => JSON.parse(fs.readFileSync(path.join(first, 'dump.json'), 'utf8')));
    const a = readDump(first, key);
    assert.ok(a.files.every((f) => !f.endsWith('.gz')), 'gzip is off when encrypted');
    assert.equal(a.colls.people.docs.length, 250);
    r = await run(
        'arangorestore', [...conn(server, { database: 'rt_enc' }), first, '--create-database', 'true']);
    assert.equal(r.code, 1, 'no key given');
    assert.match(
        r.stdout,
        /the dump data seems to be encrypted with aes-256-ctr, but no key information was specified to decrypt the dump/);
    r = await run('arangorestore', [
        ...conn(server, { database: 'rt_enc' }), first, '--create-database', 'true', '--encryption.keyfile',
        keyFile
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    r = await run(
        'arangodump', [...conn(server, { database: 'rt_enc' }), second, '--encryption.keyfile', keyFile]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    sameCollections(a, readDump(second, key));
    const bad = path.join(d, 'short');
    fs.writeFileSync(bad, 'too short');
    r = await run(
        'arangodump', [...conn(server, { database: 'rt' }), path.join(d, 'x'), '--encryption.keyfile', bad]);
    assert.equal(r.code, 1);
});

test('all-databases round trip into a fresh server', async () => {
    await seed(server, 'rt2', 30);
    const other = await startServer();
    try {
        const d = tempDir();
        const first = path.join(d, 'first'), second = path.join(d, 'second');
        let r = await run('arangodump', [
            '-c', 'none', '--server.endpoint', server.endpoint, '--server.password', '', '--all-databases',
            'true', '--output-directory', first
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        for (const db of ['_system', 'rt', 'rt2']) {
            assert.ok(fs.existsSync(path.join(first, db, 'dump.json')), `sub-directory for ${db}`);
            assert.equal(fs.readFileSync(path.join(first, db, 'ENCRYPTION'), 'utf8'), 'none');
        }
        r = await run('arangorestore', [
            '-c', 'none', '--server.endpoint', other.endpoint, '--server.password', '', '--all-databases',
            'true', '--create-database', 'true', '--input-directory', first
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        r = await run('arangodump', [
            '-c', 'none', '--server.endpoint', other.endpoint, '--server.password', '', '--all-databases',
            'true', '--output-directory', second
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        for (const db of ['rt', 'rt2'])
            sameCollections(readDump(path.join(first, db)), readDump(path.join(second, db)));
        r = await run(
            'arangodump',
            [...conn(server, { database: 'rt' }), '--all-databases', 'true', path.join(d, 'z')]);
        assert.equal(r.code, 1, '--server.database with --all-databases is fatal');
    } finally { await other.stop(); }
});

test('restore --continue resumes after --fail-after-update-continue-file', async () => {
    const d = tempDir();
    const dump = path.join(d, 'dump');
    let r = await run('arangodump', [...conn(server, { database: 'rt' }), dump, '--threads', '1']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const args =
        [...conn(server, { database: 'rt_cont' }), dump, '--create-database', 'true', '--threads', '1'];
    r = await run('arangorestore', [...args, '--fail-after-update-continue-file', 'true']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const state = JSON.parse(fs.readFileSync(path.join(dump, 'continue.json'), 'utf8'));
    const restored = Object.entries(state.rt_cont).filter(([, s]) => s === 'restored').map(([n]) => n);
    assert.equal(restored.length, 1);
    r = await run('arangorestore', [...args, '--continue', 'true']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const type = restored[0] === 'knows' ? 'edge' : 'document';
    assert.match(
        r.stdout,
        new RegExp(
            `# skipping restoring ${type} collection '${restored[0]}', as it was restored previously`));
    for (const c of ['people', 'knows', 'empty'])
        assert.deepEqual(await allDocs(server, 'rt_cont', c), await allDocs(server, 'rt', c));
});

test('dump and restore validation failures', async () => {
    const d = tempDir();
    const dir = path.join(d, 'x');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'junk'), 'x');
    let r = await run('arangodump', [...conn(server, { database: 'rt' }), dir]);
    assert.equal(r.code, 1);
    assert.match(
        r.stderr, /output directory '.*x' already exists\. use "--overwrite true" to overwrite data in it/);
    r = await run(
        'arangodump', [...conn(server, { database: 'rt' }), path.join(d, 'y'), '--collection', 'nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr + r.stdout, /None of the requested collections were found in the database/);
    r = await run('arangodump', [...conn(server, { database: 'rt' }), 'a', 'b']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /expecting at most one directory, got a, b/);
    r = await run('arangodump', [
        ...conn(server, { database: 'rt' }), path.join(d, 'z'), '--split-files', 'true', '--parallel-dump',
        'false'
    ]);
    assert.equal(r.code, 1);
    const good = path.join(d, 'good');
    r = await run('arangodump', [...conn(server, { database: 'rt' }), good]);
    assert.equal(r.code, 0);
    r = await run('arangorestore', [...conn(server, { database: 'does_not_exist' }), good]);
    assert.equal(r.code, 1, 'missing database without --create-database');
    r = await run(
        'arangorestore', [...conn(server, { database: 'rt' }), good, '--force-same-database', 'true']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((await http(server, 'POST', '/_api/database', { name: 'rt_fsd' })).status, 201);
    r = await run(
        'arangorestore', [...conn(server, { database: 'rt_fsd' }), good, '--force-same-database', 'true']);
    assert.equal(r.code, 1);
    assert.match(
        r.stdout, /database name in dump\.json \('rt'\) does not match specified database name \('rt_fsd'\)/);
});
