'use strict';
// arangodump stand-in: validation and messages of the 3.12 tool, dump directory as the real tool writes it.

const fs = require('fs');
const path = require('path');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, connect, serverError } = require('../lib/client');
const dd = require('../lib/dumpdir');
const faults = require('../lib/faults');

// Runs `worker(item)` for all items with at most `n` in flight.
async function pool(items, n, worker) {
    let next = 0;
    const runners = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
        while (next < items.length) await worker(items[next++]);
    });
    await Promise.all(runners);
}

function prepareDirectory(dir, overwrite, encryption, die) {
    let st = null;
    try {
        st = fs.statSync(dir);
    } catch (_) { /* created below */
    }
    if (st && !st.isDirectory()) die(`cannot write to output directory '${dir}'`);
    if (st && fs.readdirSync(dir).length > 0) {
        if (!overwrite)
            die(`output directory '${dir}' already exists. use "--overwrite true" to overwrite data in it`);
        const encFile = path.join(dir, 'ENCRYPTION');
        if (fs.existsSync(encFile)) {
            const have = fs.readFileSync(encFile, 'utf8').trim();
            if (have !== encryption)
                die(`encryption type in existing ENCRYPTION file '${encFile}' (${
                        have}) does not match requested ` +
                    `encryption type (${encryption})`);
        }
    }
    try {
        fs.mkdirSync(dir, { recursive: true });
    } catch (_) { die(`cannot write to output directory '${dir}'`); }
    fs.writeFileSync(path.join(dir, 'ENCRYPTION'), encryption);
}

async function cursorAll(client, database, query, bindVars, batchSize, onBatch) {
    let r = await client.request('POST', '/_api/cursor', { database, body: { query, bindVars, batchSize } });
    let batches = 0;
    for (;;) {
        if (r.status >= 300 || !r.json) throw new Error(serverError(r, `'${query}'`));
        ++batches;
        await onBatch(r.json.result || []);
        if (!r.json.hasMore) break;
        r = await client.request('POST', `/_api/cursor/${r.json.id}`, { database });
    }
    return batches;
}

async function main(parsed, log) {
    const { tool, options: o, positional, explicit } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'c5f1a', 'dump');
    if (positional.length > 1) die(`expecting at most one directory, got ${positional.join(', ')}`);
    if (positional.length === 1) o['output-directory'] = positional[0];
    if (o['all-databases'] && explicit.has('server.database'))
        die('cannot use --server.database and --all-databases at the same time');
    if (o.collection.length && o['ignore-collection'].length)
        die('cannot use --collection and --ignore-collection at the same time');
    if (o['split-files'] && !o['parallel-dump']) die('--split-files is only supported with --parallel-dump');
    if (o.maskings) {
        try {
            JSON.parse(fs.readFileSync(o.maskings, 'utf8'));
        } catch (e) { die(`${o.maskings}: cannot load maskings: ${e.message}`); }
    }
    const maxThreads = 4 * require('os').cpus().length;
    if (o.threads > maxThreads) {
        log.warn('9b3b1', `capping --threads value to ${maxThreads}`);
        o.threads = maxThreads;
    }
    if (o.threads < 1) o.threads = 1;
    const outDir =
        o['output-directory'].length > 1 ? o['output-directory'].replace(/\/+$/, '') : o['output-directory'];
    const key = dd.readKey(o, die);
    const encryption = key ? 'aes-256-ctr' : 'none';
    const gzip = o['compress-output'] && !key;
    const batchSize = Math.min(100000, Math.max(100, o['docs-per-batch']));

    const setup = clientSetup(parsed);
    const client = httpClient(setup, 0);
    const clients = setup.endpoints.map((_, i) => (i === 0 ? client : httpClient(setup, i)));
    prepareDirectory(outDir, o.overwrite, encryption, die);
    await connect(client, log, setup);
    const progress = (id, msg) => {
        if (o.progress) log.info(id, msg);
    };
    progress(
        'e2712',
        `Connected to ArangoDB '${client.endpoint}', database: '${setup.database}', username: '${
            setup.username}'`);
    progress('fcb12', `Writing dump to output directory '${outDir}' with ${o.threads} thread(s)`);

    let databases = [setup.database];
    if (o['all-databases']) {
        const r = await client.request('GET', '/_api/database/user', { database: '_system' });
        if (r.status !== 200) die(serverError(r, 'GET /_api/database/user'));
        databases = r.json.result.slice().sort();
    }
    const stats = { collections: 0, bytes: 0, batches: 0 };
    const started = process.hrtime.bigint();
    let failed = false;
    for (const db of databases) {
        const dir =
            o['all-databases'] ? path.join(outDir, /^[A-Za-z0-9_-]+$/.test(db) ? db : String(db)) : outDir;
        if (o['all-databases']) prepareDirectory(dir, true, encryption, die);
        try {
            await dumpDatabase(db, dir, clients, o, key, gzip, batchSize, log, progress, stats, die);
        } catch (e) {
            log.error('bdc8d', `An error occurred: ${e.message}`);
            failed = true;
            if (!(o.force && o['all-databases'])) break;
        }
    }
    if (failed) return 1;
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    progress(
        '66c0e',
        `Processed ${stats.collections} collection(s) from ${databases.length} database(s) in ` +
            `${secs.toFixed(6)} s total time. Wrote ${stats.bytes} bytes into datafiles, sent ${
                stats.batches} batch(es) ` +
            'in total.');
    for (const c of clients) c.close();
    return 0;
}

async function dumpDatabase(db, dir, clients, o, key, gzip, batchSize, log, progress, stats, die) {
    const client = clients[0];
    const r = await client.request(
        'GET', '/_api/replication/inventory',
        { database: db, query: { includeSystem: 'true', global: 'false' } });
    if (r.status !== 200 || !r.json) throw new Error(serverError(r, 'GET /_api/replication/inventory'));
    const inv = r.json;
    const mdir = dd.managed(dir, key);
    mdir.write('dump.json', JSON.stringify({
        database: db,
        lastTickAtDumpStart: String(inv.tick || '0'),
        properties: inv.properties || {},
        useEnvelope: false,
        useVPack: false
    }));
    const wanted = new Set(o.collection);
    const ignored = new Set(o['ignore-collection']);
    const all = inv.collections || [];
    const present = new Set(all.map((c) => c.parameters.name));
    if (wanted.size) {
        const missing = [...wanted].filter((n) => !present.has(n));
        if (missing.length === wanted.size)
            die('None of the requested collections were found in the database');
        for (const n of missing)
            log.warn('4e57b', `Requested collection '${n}' not found in database '${db}'`);
    }
    const selected = all.filter((c) => {
        const name = c.parameters.name;
        if (ignored.has(name)) return false;
        if (wanted.size) return wanted.has(name);
        return !name.startsWith('_') || o['include-system-collections'];
    });
    let i = 0;
    await pool(selected, o.threads, async (c) => {
        const name = c.parameters.name;
        const client2 = clients[i++ % clients.length];
        progress('8aa04', `# Dumping collection '${name}'...`);
        const h = dd.md5(name);
        const parameters = {...c.parameters };
        if ('shadowCollections' in parameters) parameters.shadowCollections = [];
        mdir.write(`${name}_${h}.structure.json`, JSON.stringify({ parameters, indexes: c.indexes || [] }));
        ++stats.collections;
        if (!o['dump-data']) return;
        const lines = [];
        let part = 0;
        const emit = (buf) => {
            const file = o['split-files'] ? `${name}_${h}.${part++}.data.json` : `${name}_${h}.data.json`;
            const out = gzip ? require('zlib').gzipSync(buf) : buf;
            mdir.write(gzip ? `${file}.gz` : file, out);
            stats.bytes += out.length;
        };
        // The failed object is named in the message, as the real tool does.
        const nBatches = await cursorAll(
            client2, db, 'FOR d IN @@c RETURN d', { '@c': name }, batchSize, async (docs) => {
                const budget = faults.remainingBudget();
                const chunk = [];
                for (const d of docs.slice(0, budget === Infinity ? docs.length : budget)) {
                    if (faults.slowMs) await faults.slow();
                    chunk.push(JSON.stringify(d) + '\n');
                }
                if (o['split-files']) {
                    if (chunk.length) emit(Buffer.from(chunk.join(''), 'utf8'));
                } else
                    lines.push(...chunk);
                if (chunk.length < docs.length) {
                    if (!o['split-files']) emit(Buffer.from(lines.join(''), 'utf8'));
                }
                faults.countDocs(docs.length, log, 'dump');
            }).catch((e) => { throw new Error(`${e.message} while dumping collection '${name}'`); });
        stats.batches += nBatches;
        if (!o['split-files']) emit(Buffer.from(lines.join(''), 'utf8'));
    });
    if (o['dump-views']) {
        for (const v of inv.views || []) mdir.write(`${v.name}.view.json`, JSON.stringify(v));
    }
}

module.exports = { main };
