'use strict';
// arangobench report and arangobackup lines against the real arangosim.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { run, tempDir, startServer, conn, http } = require('./helpers');

let server;
test.before(async () => {
    server = await startServer();
});
test.after(async () => {
    if (server) await server.stop();
});

const NUM = '(\\d+\\.\\d{6})';

// Parses the report like a consumer would; throws when a line is missing or malformed.
function parseReport(stdout) {
    const lines = stdout.split('\n').filter((l) => !/^\S+ \[\d+-\d+\] [A-Z]+ \[/.test(l));
    const text = lines.join('\n');
    const head =
        new RegExp(
            '^Total number of operations: (\\d+), runs: (\\d+), keep alive: (yes|no), async: (yes|no), ' +
                'batch size: (\\d+), replication factor: (\\d+), number of shards: (\\d+), wait for sync: (true|false), ' +
                'concurrency level \\(threads\\): (\\d+)$',
            'm')
            .exec(text);
    assert.ok(head, `header line in:\n${text}`);
    const tc =
        /^Test case: (\S+), complexity: (\d+), database: '([^']*)', collection: '([^']*)'$/m.exec(text);
    assert.ok(tc, 'test case line');
    const block = new RegExp(
        `Total request/response duration \\(sum of all threads\\): ${NUM} s\\n` +
            `Request/response duration \\(per thread\\): ${NUM} s\\nTime needed per operation: ${NUM} s\\n` +
            `Time needed per operation per thread: ${NUM} s\\nOperations per second rate: ${NUM}\\n` +
            `Elapsed time since start: ${NUM} s\\n\\n`,
        'g');
    const blocks = [...text.matchAll(block)].map((m) => m.slice(1).map(Number));
    const mam = ['Min', 'Avg', 'Max'].map((w) => {
        const m = new RegExp(`^${w} request time: ([\\d.e+-]+)ms$`, 'm').exec(text);
        assert.ok(m, `${w} line`);
        return Number(m[1]);
    });
    return {
        ops: Number(head[1]),
        runs: Number(head[2]),
        threads: Number(head[9]),
        testCase: tc[1],
        blocks,
        mam,
        failed: /^At least one of the runs produced failures!$/m.test(text),
        text
    };
}

for (const tc
         of ['version', 'document', 'crud', 'crud-append', 'crud-write-read', 'edge', 'import-document',
             'collection', 'aqlinsert', 'persistent-index']) {
    test(`arangobench ${tc}: real load, the report parses, exit 0`, async () => {
        const r = await run(
            'arangobench',
            [...conn(server), '--test-case', tc, '--requests', '120', '--threads', '3', '--complexity', '2']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const rep = parseReport(r.stdout);
        assert.equal(rep.ops, 120);
        assert.equal(rep.threads, 3);
        assert.equal(rep.testCase, tc);
        assert.equal(rep.blocks.length, 1);
        assert.ok(rep.mam[0] <= rep.mam[1] && rep.mam[1] <= rep.mam[2]);
        assert.equal(rep.failed, false);
        assert.match(r.stdout, new RegExp(`INFO \\[[0-9a-f]{5}\\] \\{bench\\} Running test case '${tc}'`));
    });
}

test('arangobench document load really reaches the server', async () => {
    const r = await run('arangobench', [
        ...conn(server), '--test-case', 'document', '--requests', '77', '--collection', 'benchcount',
        '--threads', '2', '--quiet', 'true', '--progress', 'false'
    ]);
    assert.equal(r.code, 0);
    const c = await http(server, 'GET', '/_api/collection/benchcount/count');
    assert.equal(c.json.count, 77);
    assert.doesNotMatch(r.stdout, /starting threads/);
});

test('arangobench runs > 1, histogram, JSON and JUnit reports', async () => {
    const d = tempDir();
    const json = path.join(d, 'r.json'), junit = path.join(d, 'r.xml');
    const r = await run('arangobench', [
        ...conn(server), '--runs', '3', '--requests', '60', '--threads', '2', '--histogram.generate', 'true',
        '--json-report-file', json, '--junit-report-file', junit
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rep = parseReport(r.stdout);
    assert.equal(rep.blocks.length, 3);
    assert.match(rep.text, /Printing fastest result\n=======================\n/);
    assert.match(rep.text, /Printing slowest result\n=======================\n/);
    assert.match(rep.text, /Printing median result\n=======================\n/);
    assert.match(rep.text, /^Interval\/Percentile:( +\d+\.\d\d%){7}$/m);
    const j = JSON.parse(fs.readFileSync(json, 'utf8'));
    for (const k
             of ['histogram', 'totalNumberOfOperations', 'runs', 'keepAlive', 'async', 'batchSize',
                 'replicationFactor', 'numberOfShards', 'waitForSync', 'concurrencyLevel', 'testCase',
                 'complexity', 'database', 'collection', 'fastestResults', 'slowestResults', 'results', 'min',
                 'avg', 'max'])
        assert.ok(k in j, k);
    assert.ok('50.000000' in j.histogram['0']);
    assert.equal(j.runs, 3);
    assert.match(
        fs.readFileSync(junit, 'utf8'),
        /<testsuite name="arangobench" tests="1" skipped="0" failures="0" errors="0" timestamp="[^"]+" hostname="[^"]+" time="[\d.]+">\n<properties\/>\n<testcase name="version" classname="BenchTest" time="[\d.]+"\/>/);
    const again = await run('arangobench', [...conn(server), '--json-report-file', json]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /file already exists: '.*r\.json' - won't overwrite it\./);
});

test('arangobench failures: exit 1 and the failure line', async () => {
    const r = await run('arangobench', [
        ...conn(server), '--test-case', 'custom-query', '--custom-query',
        "FOR v IN 1..3 OUTBOUND 'x/1' GRAPH 'g' RETURN v", '--requests', '10', '--threads', '1'
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(parseReport(r.stdout).failed, true);
    assert.match(r.stdout, /WARNING \[[0-9a-f]{5}\] \{bench\} 10 arangobench request\(s\) failed!/);
    const bad = await run('arangobench', [...conn(server), '--test-case', 'nope']);
    assert.equal(bad.code, 4);
});

test('arangobackup create, list, restore, delete print the real lines', async () => {
    await http(server, 'POST', '/_api/collection', { name: 'bk' });
    await http(server, 'POST', '/_api/document/bk', { _key: 'before' });
    let r = await run('arangobackup', ['create', ...conn(server), '--label', 'my-label']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /INFO \[[0-9a-f]{5}\] \{backup\} Server version: 3\.12\.\d+/);
    const id = /Generated identifier '([^']+)'/.exec(r.stdout)[1];
    assert.match(id, /^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_my-label$/);
    assert.equal((r.stdout.match(/Generated identifier/g) || []).length, 1);
    assert.match(r.stdout, /Total size of backup: \d+, number of files: \d+/);
    r = await run('arangobackup', ['list', ...conn(server)]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /The following backups are available:/);
    assert.match(r.stdout, new RegExp(` - ${id}\\n.*      version:   3\\.12`));
    for (const l
             of ['date/time:', 'size in bytes:', 'number of files:', 'number of DBServers:',
                 'number of available pieces:', 'potentiallyInconsistent: false', 'available: true'])
        assert.ok(r.stdout.includes(l), l);
    await http(server, 'DELETE', '/_api/document/bk/before');
    r = await run('arangobackup', ['restore', ...conn(server), '--identifier', id]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Successfully restored '${id}'`));
    assert.equal(
        (await http(server, 'GET', '/_api/document/bk/before')).status, 200,
        'restore brought the document back');
    r = await run('arangobackup', ['delete', ...conn(server), '--identifier', id]);
    assert.match(r.stdout, new RegExp(`Successfully deleted '${id}'`));
    r = await run('arangobackup', ['list', ...conn(server)]);
    assert.match(r.stdout, /There are no backups available\./);
    r = await run('arangobackup', ['delete', ...conn(server), '--identifier', 'nope']);
    assert.equal(r.code, 0, 'a failed operation still exits 0');
    assert.match(r.stdout, /ERROR \[8bde3\] \{backup\} Error during backup operation 'delete': /);
    for (const [args, re] of [
             [
                 [],
                 /expected exactly one operation of create\|delete\|download\|list\|restore\|upload, got ''/
             ],
             [['frobnicate'], /expected operation to be one of: create, delete, list, restore/],
             [['restore'], /must specify a backup via --identifier/],
             [['create', '--label', 'bad label'], /--label/], [
                 ['list', '--server.database', 'other'],
                 /hot backups are global and must be performed on the _system database/
             ]]) {
        const rr = await run('arangobackup', [...conn(server), ...args]);
        assert.equal(rr.code, 1, args.join(' '));
        assert.match(rr.stderr, re);
    }
});
