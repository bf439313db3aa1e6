'use strict';
// arangobench stand-in: real HTTP load against the server, the real report on
// stdout, optional JSON and JUnit reports, exit 1 when any request failed.
// Deviation: aqlinsert and persistent-index use the document API (the simulator's AQL subset has no INSERT
// and the server has no index API); the request count and timing semantics are the real ones.

const fs = require('fs');
const { writeAllSync } = require('../lib/io');
const os = require('os');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, serverError } = require('../lib/client');
const faults = require('../lib/faults');

const DESCRIPTIONS = {
    version: 'returns server version',
    document: 'creates documents',
    collection: 'creates and drops collections',
    crud: 'will perform a mix of insert, update, get and delete operations',
    'crud-append': 'will perform a mix of insert, update and get operations',
    'crud-write-read': 'will perform a mix of insert and get operations',
    edge: 'will perform a mix of insert, update and get operations on edges',
    aqlinsert: 'will insert documents via AQL',
    'custom-query': 'executes a custom AQL query',
    'import-document': 'performs single-document imports using the import API',
    'persistent-index': 'will create a persistent index and insert documents',
};

function makeDoc(i, complexity, key) {
    const d = { _key: key };
    for (let j = 1; j <= complexity; ++j) d[`value${j}`] = `some value ${i}-${j}`;
    return d;
}

function percentile(sorted, p) {
    if (!sorted.length) return 0;
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[idx];
}

function fmt4(ms) { return Number(ms.toPrecision(4)).toString(); }

async function main(parsed, log) {
    const { tool, options: o } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'fa4c7', 'bench');
    if (o['json-report-file'] && fs.existsSync(o['json-report-file']))
        die(`file already exists: '${o['json-report-file']}' - won't overwrite it.`);
    const setup = clientSetup(parsed);
    const testCase = o['test-case'];
    let query = o['custom-query'];
    if (testCase === 'custom-query' && !query && o['custom-query-file']) {
        try {
            query = fs.readFileSync(o['custom-query-file'], 'utf8');
        } catch (_) { die(`could not read query file '${o['custom-query-file']}'`); }
    }
    if (testCase === 'custom-query' && !query)
        die('custom-query test case requires --custom-query or --custom-query-file');
    let bindVars = {};
    if (o['custom-query-bindvars']) {
        try {
            bindVars = JSON.parse(o['custom-query-bindvars']);
        } catch (e) { die(`invalid bind variables: ${e.message}`); }
    }
    const status = (id, msg) => {
        if (!o.quiet) log.info(id, msg);
    };
    if (o['create-database']) {
        const sys = httpClient({...setup, database: '_system' });
        let r;
        try {
            r = await sys.request('POST', '/_api/database', { body: { name: setup.database } });
        } catch (e) { die(`failed to create the specified database: ${e.message}`); }
        if (r.status >= 300 && !(r.json && r.json.errorNum === 1207))
            die(`failed to create the specified database: ${(r.json && r.json.errorMessage) || r.status}`);
    }
    const threads = Math.max(1, o.threads);
    const clients = Array.from({ length: threads }, (_, i) => httpClient(setup, i));
    try {
        const r = await clients[0].request('GET', '/_api/version');
        if (r.status !== 200)
            throw Object.assign(
                new Error((r.json && r.json.errorMessage) || `HTTP ${r.status}`), { http: true });
    } catch (e) {
        log.error(
            'ad396',
            `Could not connect to endpoint '${clients[0].endpoint}', database: '${setup.database}', ` +
                `username: '${setup.username}'`);
        log.fatal(
            'b1ad6',
            `Error message: '${
                e.http ? e.message :
                         `Could not connect to '${clients[0].endpoint}' '${e.code || e.message}'`}'`);
    }
    status('5a5bd', `Running test case '${testCase}': ${DESCRIPTIONS[testCase]}`);
    const coll = o.collection;
    const needsCollection = !['version', 'custom-query', 'collection'].includes(testCase);
    const setupCollection = async () => {
        if (!needsCollection || !o['create-collection']) return;
        const c = clients[0];
        await c.request('DELETE', `/_api/collection/${encodeURIComponent(coll)}`);
        const r = await c.request('POST', '/_api/collection', {
            body: {
                name: coll,
                type: testCase === 'edge' ? 3 : 2,
                waitForSync: o['wait-for-sync'],
                numberOfShards: o['number-of-shards'],
                replicationFactor: o['replication-factor']
            }
        });
        if (r.status >= 300) die(`failed to create collection: ${serverError(r, 'POST /_api/collection')}`);
    };

    const runs = Math.max(1, o.runs);
    const results = [];
    const perThreadTimes = Array.from({ length: threads }, () => []);
    let totalOps = 0;
    let failures = 0, incomplete = 0;
    for (let run = 0; run < runs; ++run) {
        await setupCollection();
        status('b1c7e', 'starting threads...');
        if (o.delay) {
            status('7dc1e', 'sleeping (startup delay)...');
            await new Promise((r) => setTimeout(r, 10000));
        }
        status('c3604', 'executing tests...');
        const started = process.hrtime.bigint();
        const deadline = o.duration > 0 ? Date.now() + o.duration * 1000 : Infinity;
        const total = o.duration > 0 ? Infinity : o.requests;
        let issued = 0;
        let done = 0;
        let nextProgress = Math.max(1, Math.floor(total / 20));
        const sums = new Array(threads).fill(0);
        let runFailures = 0;
        const op = async (t, i) => {
            const c = clients[t];
            const key = `${run}-${t}-${i}`;
            let r;
            switch (testCase) {
                case 'version':
                    return c.request('GET', '/_api/version');
                case 'document':
                case 'aqlinsert':
                case 'persistent-index':
                    return c.request(
                        'POST', `/_api/document/${encodeURIComponent(coll)}`,
                        { body: makeDoc(i, o.complexity, key) });
                case 'import-document':
                    return c.request('POST', '/_api/import', {
                        query: { collection: coll, type: 'documents' },
                        body: JSON.stringify(makeDoc(i, o.complexity, key)) + '\n'
                    });
                case 'collection': {
                    const name = `${coll}_${key.replace(/-/g, '_')}`;
                    r = await c.request('POST', '/_api/collection', { body: { name } });
                    if (r.status >= 300) return r;
                    return c.request('DELETE', `/_api/collection/${name}`);
                }
                case 'edge': {
                    const k = `e${t}`;
                    const mod = i % 3;
                    if (mod === 0)
                        return c.request(
                            'POST', `/_api/document/${coll}?overwriteMode=replace`,
                            { body: { _key: `${k}-${i}`, _from: `v/${i}`, _to: `v/${i + 1}`, value: i } });
                    if (mod === 1)
                        return c.request(
                            'PATCH', `/_api/document/${coll}/${k}-${i - 1}`, { body: { value: -i } });
                    return c.request('GET', `/_api/document/${coll}/${k}-${i - 2}`);
                }
                case 'custom-query':
                    return c.request('POST', '/_api/cursor', { body: { query, bindVars } });
                default: {
                    // crud, crud-append, crud-write-read: a per-thread cycle over one document.
                    const cycle = testCase === 'crud' ? 4 : testCase === 'crud-append' ? 3 : 2;
                    const k = `${run}-${t}-${Math.floor(i / cycle)}`;
                    const step = i % cycle;
                    if (step === 0)
                        return c.request(
                            'POST', `/_api/document/${coll}`, { body: makeDoc(i, o.complexity, k) });
                    if (testCase === 'crud-write-read' || step === 2)
                        return c.request('GET', `/_api/document/${coll}/${k}`);
                    if (step === 1)
                        return c.request('PATCH', `/_api/document/${coll}/${k}`, { body: { updated: i } });
                    return c.request('DELETE', `/_api/document/${coll}/${k}`);
                }
            }
        };
        const worker = async (t) => {
            let local = 0;
            while (issued < total && Date.now() < deadline) {
                ++issued;
                const i = local++;
                if (faults.slowMs) await faults.slow();
                const t0 = process.hrtime.bigint();
                let ok = false;
                try {
                    const r = await op(t, i);
                    ok = r.status < 300;
                    if (!ok && r.status === 202) ok = true;
                } catch (_) { ok = false; }
                const dt = Number(process.hrtime.bigint() - t0) / 1e9;
                sums[t] += dt;
                perThreadTimes[t].push(dt);
                if (!ok) { ++runFailures; }
                ++done;
                faults.countDocs(1, log, 'bench');
                if (o.progress && total !== Infinity && done >= nextProgress && done < total) {
                    log.info('c3605', `number of operations: ${done}`);
                    nextProgress += Math.max(1, Math.floor(total / 20));
                }
            }
        };
        await Promise.all(Array.from({ length: threads }, (_, t) => worker(t)));
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        const requestTime = sums.reduce((a, b) => a + b, 0);
        failures += runFailures;
        totalOps = done;
        results.push({
            requestTime,
            requestResponseDurationPerThread: requestTime / threads,
            timeNeededPerOperation: elapsed / Math.max(1, done),
            timeNeededPerOperationPerThread: elapsed / Math.max(1, done) * threads,
            operationsPerSecondRate: done / Math.max(elapsed, 1e-9),
            timeSinceStart: elapsed,
            failures: runFailures,
            incompleteResults: 0,
        });
        if (needsCollection && o['create-collection'] && run === runs - 1) {
            /* the real tool leaves the collection behind as well */
        }
    }
    if (failures) log.warn('a826b', `${failures} arangobench request(s) failed!`);
    if (incomplete) log.warn('41006', `${incomplete} arangobench requests with incomplete results!`);

    const lines = [];
    const percentiles = o['histogram.percentiles'];
    const histogram = {};
    if (o['histogram.generate']) {
        lines.push('Interval/Percentile:' + percentiles.map((p) => `${p.toFixed(2).padStart(13)}%`).join(''));
        perThreadTimes.forEach((times, t) => {
            const sorted = times.slice().sort((a, b) => a - b);
            const interval = o['histogram.interval-size'] > 0 ?
                o['histogram.interval-size'] :
                ((sorted[0] || 0) * 20) / o['histogram.num-intervals'];
            histogram[String(t)] = { IntervalSize: interval };
            let row = `${(interval * 1000).toFixed(4).padStart(19)}ms`;
            for (const p of percentiles) {
                const v = percentile(sorted, p);
                histogram[String(t)][p.toFixed(6)] = v;
                row += `${(v * 1000).toFixed(4).padStart(12)}ms`;
            }
            lines.push(row);
        });
        lines.push('');
    }
    const yn = (b) => (b ? 'yes' : 'no');
    lines.push(
        `Total number of operations: ${totalOps}, runs: ${runs}, keep alive: ${
            yn(o['keep-alive'])}, async: ` +
        `${yn(o.async)}, batch size: 0, replication factor: ${o['replication-factor']}, number of shards: ` +
        `${o['number-of-shards']}, wait for sync: ${o['wait-for-sync']}, concurrency level (threads): ${
            threads}`);
    lines.push(`Test case: ${testCase}, complexity: ${o.complexity}, database: '${
        setup.database}', collection: '${coll}'`);
    const block = (r) => {
        lines.push(`Total request/response duration (sum of all threads): ${r.requestTime.toFixed(6)} s`);
        lines.push(
            `Request/response duration (per thread): ${r.requestResponseDurationPerThread.toFixed(6)} s`);
        lines.push(`Time needed per operation: ${r.timeNeededPerOperation.toFixed(6)} s`);
        lines.push(`Time needed per operation per thread: ${r.timeNeededPerOperationPerThread.toFixed(6)} s`);
        lines.push(`Operations per second rate: ${r.operationsPerSecondRate.toFixed(6)}`);
        lines.push(`Elapsed time since start: ${r.timeSinceStart.toFixed(6)} s`);
        lines.push('');
    };
    const byTime = results.slice().sort((a, b) => a.timeSinceStart - b.timeSinceStart);
    let median = byTime[Math.floor(byTime.length / 2)];
    if (runs > 1 && byTime.length % 2 === 0) {
        const a = byTime[byTime.length / 2 - 1], b = byTime[byTime.length / 2];
        median = {};
        for (const k of Object.keys(a)) median[k] = (a[k] + b[k]) / 2;
    }
    if (runs > 1) {
        lines.push('');
        lines.push('Printing fastest result');
        lines.push('=======================');
        block(byTime[0]);
        lines.push('Printing slowest result');
        lines.push('=======================');
        block(byTime[byTime.length - 1]);
        lines.push('Printing median result');
        lines.push('=======================');
        block(median);
    } else {
        block(results[0]);
    }
    const all = perThreadTimes.flat();
    const min = all.length ? Math.min(...all) : 0;
    const max = all.length ? Math.max(...all) : 0;
    const avg = all.length ? all.reduce((a, b) => a + b, 0) / all.length : 0;
    lines.push(`Min request time: ${fmt4(min * 1000)}ms`);
    lines.push(`Avg request time: ${fmt4(avg * 1000)}ms`);
    lines.push(`Max request time: ${fmt4(max * 1000)}ms`);
    lines.push('');
    if (failures) lines.push('At least one of the runs produced failures!');
    writeAllSync(1, lines.join('\n') + '\n');
    if (o['json-report-file']) {
        const rep = {};
        if (o['histogram.generate']) rep.histogram = histogram;
        Object.assign(rep, {
            totalNumberOfOperations: totalOps,
            runs,
            keepAlive: o['keep-alive'],
            async: o.async,
            batchSize: 0,
            replicationFactor: o['replication-factor'],
            numberOfShards: o['number-of-shards'],
            waitForSync: o['wait-for-sync'],
            concurrencyLevel: threads,
            testCase,
            complexity: o.complexity,
            database: setup.database,
            collection: coll
        });
        if (runs > 1) {
            rep.fastestResults = byTime[0];
            rep.slowestResults = byTime[byTime.length - 1];
        }
        rep.results = runs > 1 ? median : results[0];
        rep.min = min;
        rep.avg = avg;
        rep.max = max;
        fs.writeFileSync(o['json-report-file'], JSON.stringify(rep));
    }
    if (o['junit-report-file']) {
        const t = results.reduce((a, r) => a + r.timeSinceStart, 0).toFixed(6);
        const d = new Date();
        const tz = -d.getTimezoneOffset();
        const ts = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${
                       String(d.getDate()).padStart(2, '0')}T` +
            `${d.toTimeString().slice(0, 8)}${tz >= 0 ? '+' : '-'}${
                       String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0')}` +
            `${String(Math.abs(tz) % 60).padStart(2, '0')}`;
        fs.writeFileSync(
            o['junit-report-file'],
            '<?xml version="1.0" encoding="UTF-8"?>\n' +
                `<testsuite name="arangobench" tests="1" skipped="0" failures="0" errors="0" timestamp="${
                    ts}" ` +
                `hostname="${os.hostname()}" time="${t}">\n<properties/>\n` +
                `<testcase name="${testCase}" classname="BenchTest" time="${t}"/>\n</testsuite>\n`);
    }
    for (const c of clients) c.close();
    return failures ? 1 : 0;
}

module.exports = { main };
