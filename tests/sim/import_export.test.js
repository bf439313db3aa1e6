'use strict';
// arangoimport and arangoexport against the real arangosim: counts per format, the stdout report, exit codes.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { run, tempDir, startServer, conn, http, allDocs } = require('./helpers');

let server;
test.before(async () => {
    server = await startServer();
});
test.after(async () => {
    if (server) await server.stop();
});

function summary(stdout) {
    const get = (label) => {
        const m = new RegExp(`^${label.replace('/', '\\/')}\\s+(\\d+)$`, 'm').exec(stdout);
        return m ? Number(m[1]) : undefined;
    };
    return {
        created: get('created:'),
        errors: get('warnings/errors:'),
        updated: get('updated/replaced:'),
        ignored: get('ignored:'),
        lines: get('lines read:')
    };
}

const N = 120;
const rows =
    Array.from({ length: N }, (_, i) => ({ _key: `k${i}`, name: `n,${i}`, num: i, ok: i % 2 === 0 }));

const formats = {
    jsonl: () => rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    json: () => JSON.stringify(rows, null, 1),
    csv: () =>
        '_key,name,num,ok\n' + rows.map((r) => `${r._key},"${r.name}",${r.num},${r.ok}`).join('\n') + '\n',
    tsv: () => '_key\tname\tnum\tok\n' +
        rows.map((r) => `${r._key}\t${r.name}\t${r.num}\t${r.ok}`).join('\n') + '\n',
};

for (const [type, make] of Object.entries(formats)) {
    test(`arangoimport ${type}: counts match the file, values are typed, report is the real one`, async () => {
        const d = tempDir();
        const file = path.join(d, `data.${type}`);
        fs.writeFileSync(file, make());
        const coll = `imp_${type}`;
        const r = await run('arangoimport', [
            ...conn(server), '--file', file, '--collection', coll, '--create-collection', 'true',
            '--batch-size', '2000', '--threads', '2'
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(
            r.stdout,
            new RegExp(`^Connected to ArangoDB '${
                server
                    .endpoint}', version: 3\\.12\\.\\d+, database: '_system', username: 'root'\\n-{40}\\n`));
        assert.match(r.stdout, new RegExp(`^file type:\\s+${type}$`, 'm'));
        assert.match(
            r.stdout,
            new RegExp(
                `^Starting ${
                    type === 'csv'     ? 'CSV' :
                        type === 'tsv' ? 'TSV' :
                                         'JSON'} import\\.\\.\\.$`,
                'm'));
        const s = summary(r.stdout);
        assert.equal(s.created, N);
        assert.equal(s.errors, 0);
        assert.equal(s.updated, 0);
        assert.equal(s.ignored, 0);
        assert.equal(s.lines, type === 'csv' || type === 'tsv' ? N + 1 : undefined);
        const docs = await allDocs(server, '_system', coll);
        assert.equal(docs.length, N);
        const k7 = docs.find((x) => x._key === 'k7');
        assert.equal(k7.num, 7);
        assert.equal(k7.ok, false);
        assert.equal(k7.name, 'n,7');
    });
}

test('arangoimport reports document errors and still exits 0; on-duplicate modes; csv options', async () => {
    const d = tempDir();
    const file = path.join(d, 'dupes.jsonl');
    fs.writeFileSync(file, '{"_key":"a","v":1}\n{"_key":"a","v":2}\n{"_key":"b","v":3}\n');
    let r = await run(
        'arangoimport', [...conn(server), file, '--collection', 'dupes', '--create-collection', 'true']);
    assert.equal(r.code, 0, 'document errors do not change the exit code');
    let s = summary(r.stdout);
    assert.equal(s.created, 2);
    assert.equal(s.errors, 1);
    assert.match(r.stdout, /ERROR \[[0-9a-f]{5}\] \{general\} error message\(s\):/);
    r = await run(
        'arangoimport', [...conn(server), file, '--collection', 'dupes', '--on-duplicate', 'update']);
    s = summary(r.stdout);
    assert.equal(s.updated, 3);
    r = await run(
        'arangoimport', [...conn(server), file, '--collection', 'dupes', '--on-duplicate', 'ignore']);
    assert.equal(summary(r.stdout).ignored, 3);
    const csv = path.join(d, 'x.txt');
    fs.writeFileSync(csv, 'junk line\nid;v;drop\n1;"x;y";z\n2;null;z\n');
    r = await run('arangoimport', [
        ...conn(server),
        '--file',
        csv,
        '--type',
        'csv',
        '--separator',
        ';',
        '--skip-lines',
        '1',
        '--collection',
        'csvopts',
        '--create-collection',
        'true',
        '--translate',
        'id=_key',
        '--remove-attribute',
        'drop',
        '--datatype',
        'v=string',
        '--merge-attributes',
        'both=[_key]-[v]'
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(summary(r.stdout).created, 2);
    assert.equal(summary(r.stdout).lines, 4);
    const docs = await allDocs(server, '_system', 'csvopts');
    assert.deepEqual(
        docs.map((x) => [x._key, x.v, x.drop, x.both]),
        [['1', 'x;y', undefined, '1-x;y'], ['2', 'null', undefined, '2-null']]);
    const auto = path.join(d, 'noext');
    fs.writeFileSync(auto, '[{"a":1}]');
    r = await run(
        'arangoimport', [...conn(server), auto, '--collection', 'autox', '--create-collection', 'true']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Unable to auto-detect file type from filename '.*noext'\. using filetype 'json'/);
});

test('arangoimport fatal conditions exit 1 with the real messages', async () => {
    const d = tempDir();
    const cases = [
        [['--collection', 'c'], /File name is missing\./],
        [
            ['--file', path.join(d, 'nope.json'), '--collection', 'c'],
            /Cannot open file '.*nope\.json'\. File not found\./
        ],
        [['--file', d, '--collection', 'c'], /is a directory\. Please use a regular file\./],
        [['--file', __filename], /Collection name is missing\./],
        [['--file', __filename, '--collection', 'c', 'extra'], /Unused commandline arguments: extra/],
        [
            ['--file', __filename, '--collection', 'c', '--type', 'csv', '--separator', ';;'],
            /The separator must be exactly one character\./
        ],
        [
            ['--file', __filename, '--collection', 'c', '--type', 'csv', '--quote', "''"],
            /Wrong length of quote character\./
        ],
    ];
    for (const [args, re] of cases) {
        const r = await run('arangoimport', [...conn(server), ...args]);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, re);
    }
    const r = await run('arangoimport', [
        '-c', 'none', '--server.endpoint', 'tcp://127.0.0.1:1', '--server.password', '', '--file', __filename,
        '--collection', 'c'
    ]);
    assert.equal(r.code, 1);
    assert.match(
        r.stdout,
        /Could not connect to endpoint 'tcp:\/\/127\.0\.0\.1:1', database: '_system', username: 'root'/);
});

test('arangoexport writes json, jsonl, csv, xml and xgmml with all documents', async () => {
    const docs = Array.from(
        { length: 25 }, (_, i) => ({ _key: `v${i}`, label: `L${i}`, n: i, f: i === 3 ? '=cmd' : 'x' }));
    assert.ok((await http(server, 'POST', '/_api/collection', { name: 'verts' })).status < 300);
    assert.ok((await http(server, 'POST', '/_api/document/verts', docs)).status < 300);
    assert.ok((await http(server, 'POST', '/_api/collection', { name: 'links', type: 3 })).status < 300);
    const edges = Array.from({ length: 10 }, (_, i) => ({ _from: `verts/v${i}`, _to: `verts/v${i + 1}` }));
    assert.ok((await http(server, 'POST', '/_api/document/links', edges)).status < 300);
    const g = await http(
        server, 'POST', '/_api/gharial',
        { name: 'g1', edgeDefinitions: [{ collection: 'links', from: ['verts'], to: ['verts'] }] });
    assert.ok(g.status < 300, g.text);
    const d = tempDir();
    for (const type of ['json', 'jsonl', 'csv', 'xml']) {
        const out = path.join(d, type);
        const r = await run('arangoexport', [
            ...conn(server), '--collection', 'verts', '--type', type, '--fields', '_key,n,f',
            '--output-directory', out
        ]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /Processed 1 collection\(s\), wrote \d+ bytes, \d+ HTTP request\(s\)/);
        const text = fs.readFileSync(path.join(out, `verts.${type}`), 'utf8');
        if (type === 'json') assert.equal(JSON.parse(text).length, 25);
        if (type === 'jsonl') assert.equal(text.trim().split('\n').map((l) => JSON.parse(l)).length, 25);
        if (type === 'csv') {
            const lines = text.trim().split('\n');
            assert.equal(lines.length, 26);
            assert.ok(lines.includes('"v3",3,"\'=cmd"'), 'formula escaped');
        }
        if (type === 'xml') assert.equal((text.match(/<doc /g) || []).length, 25);
    }
    const gz = path.join(d, 'gz');
    let r = await run(
        'arangoexport', [...conn(server), '--collection', 'verts', '--compress-output', 'true', gz]);
    assert.equal(r.code, 0);
    assert.equal(
        zlib.gunzipSync(fs.readFileSync(path.join(gz, 'verts.jsonl.gz')))
            .toString()
            .trim()
            .split('\n')
            .length,
        25);
    const gx = path.join(d, 'xgmml');
    r = await run('arangoexport', [...conn(server), '--graph-name', 'g1', '--type', 'xgmml', gx]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const x = fs.readFileSync(path.join(gx, 'g1.xgmml'), 'utf8');
    assert.equal((x.match(/<node /g) || []).length, 25);
    assert.equal((x.match(/<edge /g) || []).length, 10);
    const q = path.join(d, 'q');
    r = await run(
        'arangoexport', [...conn(server), '--custom-query', 'FOR d IN verts FILTER d.n == 4 RETURN d', q]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(fs.readFileSync(path.join(q, 'query.jsonl'), 'utf8')).n, 4);
    const fatalCases = [
        [[], /expecting at least one collection, a graph name or an AQL query/],
        [
            ['--collection', 'verts', '--custom-query', 'RETURN 1'],
            /expecting either a list of collections or an AQL query/
        ],
        [['--collection', 'verts', '--type', 'xgmml'], /expecting a graph name to dump a graph/],
        [['--collection', 'verts', '--type', 'csv'], /expecting at least one field definition/],
        [['--custom-query', 'RETURN 1', '--custom-query-bindvars', '{bad'], /invalid JSON/],
    ];
    for (const [args, re] of fatalCases) {
        const rr = await run('arangoexport', [...conn(server), ...args, path.join(d, 'never')]);
        assert.equal(rr.code, 1, args.join(' '));
        assert.match(rr.stderr, re);
    }
});
