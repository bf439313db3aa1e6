'use strict';
// arangorestore stand-in: reads the dump directory written by arangodump.
// --continue state lives in <input-directory>/continue.json (the real file name is unverified):
//   {"<database>": {"<collection>": "created" | "restoring" | "restored"}}.
// --fail-after-update-continue-file (a failure-test-build option) makes the run fail right after the first
// collection was recorded as "restored".

const fs = require('fs');
const path = require('path');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, connect, serverError } = require('../lib/client');
const dd = require('../lib/dumpdir');
const faults = require('../lib/faults');

const STATE_FILE = 'continue.json';

function overrides(list, what, die) {
    const global = { value: undefined };
    const per = new Map();
    for (const v of list) {
        const m = /^(?:(.+)=)?(.+)$/.exec(v);
        const num = Number(m[2]);
        const ok = what === 'replication-factor' ?
            (m[2] === 'satellite' || (Number.isInteger(num) && num > 0)) :
            Number.isInteger(num) && num > 0;
        if (!ok) die(`got invalid value '${v}' for --${what}`);
        const val = m[2] === 'satellite' ? 'satellite' : num;
        if (m[1] === undefined)
            global.value = val;
        else
            per.set(m[1], val);
    }
    return (name) => (per.has(name) ? per.get(name) : global.value);
}

async function main(parsed, log) {
    const { tool, options: o, positional, explicit } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'e1c5a', 'restore');
    if (positional.length > 1) die(`expecting at most one directory, got ${positional.join(', ')}`);
    if (positional.length === 1) o['input-directory'] = positional[0];
    if (o['all-databases'] && explicit.has('server.database'))
        die('cannot use --server.database and --all-databases at the same time');
    if (o['all-databases'] && o['force-same-database'])
        die('cannot use --force-same-database and --all-databases at the same time');
    if (o['default-number-of-shards'] === 0)
        die('invalid value for `--default-number-of-shards`, expecting at least 1');
    if (o['default-replication-factor'] === 0)
        die('invalid value for `--default-replication-factor`, expecting at least 1');
    const shards = overrides(o['number-of-shards'], 'number-of-shards', die);
    const rf = overrides(o['replication-factor'], 'replication-factor', die);
    const wc = overrides(o['write-concern'], 'write-concern', die);
    const batchBytes = Math.max(128 * 1024, o['batch-size']);
    const inDir =
        o['input-directory'].length > 1 ? o['input-directory'].replace(/\/+$/, '') : o['input-directory'];
    let st = null;
    try {
        st = fs.statSync(inDir);
    } catch (_) { /* reported below */
    }
    if (!st || !st.isDirectory()) die(`input directory '${inDir}' does not exist`);
    const key = dd.readKey(o, die);

    const setup = clientSetup(parsed);
    const progress = (id, msg) => {
        if (o.progress) log.info(id, msg);
    };
    const stats = { collections: 0, bytes: 0, batches: 0, sent: 0 };
    const started = process.hrtime.bigint();
    let jobs;
    if (o['all-databases']) {
        jobs = fs.readdirSync(inDir)
                   .filter((d) => fs.existsSync(path.join(inDir, d, 'dump.json')))
                   .sort()
                   .map((d) => ({ dir: path.join(inDir, d), db: null }));
    } else {
        jobs = [{ dir: inDir, db: setup.database }];
    }
    const statePath = path.join(inDir, STATE_FILE);
    let state = {};
    if (o.continue) {
        try {
            state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
        } catch (_) { state = {}; }
    }
    const saveState = () => fs.writeFileSync(statePath + '.tmp', JSON.stringify(state)) ||
        fs.renameSync(statePath + '.tmp', statePath);
    // Like the real tool, connect to the target database (a user with rights on it only is fine); only a
    // database that does not exist yet (1228, --create-database) or --all-databases goes through _system.
    const system = httpClient({...setup, database: '_system' });
    const target = o['all-databases'] ? system : httpClient(setup);
    let probe = null;
    try {
        probe = await target.request('GET', '/_api/version');
    } catch (_) { /* connect() below reports it */
    }
    const missingDb = probe && probe.status === 404 && probe.json && probe.json.errorNum === 1228;
    await connect(missingDb ? system : target, log, {...setup, database: setup.database });
    let failed = false;
    for (const job of jobs) {
        const encFile = path.join(job.dir, 'ENCRYPTION');
        const enc = fs.existsSync(encFile) ? fs.readFileSync(encFile, 'utf8').trim() : 'none';
        if (enc !== 'none' && !key) {
            log.error(
                '4f8e2',
                `the dump data seems to be encrypted with ${enc}, but no key information was specified ` +
                    'to decrypt the dump');
            log.error(
                '8c2b0',
                'it is recommended to specify either `--encryption.keyfile` or ' +
                    '`--encryption.key-generator` when invoking arangorestore with an encrypted dump');
            failed = true;
            break;
        }
        if (enc === 'none' && key) {
            log.error(
                '2bd1a',
                `encryption type in existing ENCRYPTION file '${encFile}' (none) does not match ` +
                    'requested encryption type (aes-256-ctr)');
            failed = true;
            break;
        }
        const mdir = dd.managed(job.dir, enc === 'none' ? null : key);
        let meta = {};
        const raw = mdir.read('dump.json');
        if (raw) {
            try {
                meta = JSON.parse(raw.toString('utf8'));
            } catch (_) {
                log.error('3d9a1', `could not read dump.json in '${job.dir}': invalid JSON`);
                failed = true;
                break;
            }
        }
        const db = job.db === null ? (meta.database || path.basename(job.dir)) : job.db;
        progress('9e2a5', `Database name in source dump is '${meta.database || ''}'`);
        if (o['force-same-database'] && meta.database !== undefined && meta.database !== db) {
            log.error(
                '6b2b9',
                `database name in dump.json ('${meta.database}') does not match specified database ` +
                    `name ('${db}')`);
            failed = true;
            break;
        }
        try {
            await restoreDatabase(
                db, mdir, meta, o, setup, log, progress, stats, { shards, rf, wc, batchBytes }, state,
                saveState);
        } catch (e) {
            log.error('c0e14', e.message);
            failed = true;
            if (!o.force) break;
        }
    }
    if (failed) return 1;
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    progress(
        'a66e1',
        `Processed ${stats.collections} collection(s) from ${jobs.length} database(s) in ` +
            `${secs.toFixed(6)} s total time. Read ${stats.bytes} bytes from datafiles, sent ${
                stats.batches} data ` +
            `batch(es) of ${stats.sent} bytes total size.`);
    return 0;
}

async function ensureDatabase(db, o, setup, log) {
    const client = httpClient({...setup, database: db });
    let r;
    try {
        r = await client.request('GET', '/_api/version');
    } catch (e) { r = null; }
    if (r && r.status === 404 && r.json && r.json.errorNum === 1228) {
        if (!o['create-database']) {
            throw new Error(
                `Database '${db}' does not exist on target endpoint. Please create the database ` +
                'before running arangorestore or use --create-database true');
        }
        log.info('9b414', `Creating database '${db}'`);
        const sys = httpClient({...setup, database: '_system' });
        const c = await sys.request('POST', '/_api/database', { body: { name: db } });
        if (c.status >= 300 && !(c.json && c.json.errorNum === 1207))
            throw new Error(`Could not create database '${db}': ${serverError(c, 'POST /_api/database')}`);
    } else if (!r || r.status !== 200) {
        throw new Error(`Could not connect to database '${db}'`);
    }
    return client;
}

async function restoreDatabase(db, mdir, meta, o, setup, log, progress, stats, cfg, state, saveState) {
    const client = await ensureDatabase(db, o, setup, log);
    const dbState = state[db] || (state[db] = {});
    const structures = [];
    for (const f of mdir.list().filter((n) => n.endsWith('.structure.json')).sort()) {
        const raw = mdir.read(f);
        let s;
        try {
            s = JSON.parse(raw.toString('utf8'));
        } catch (_) { throw new Error(`could not parse '${f}'`); }
        if (!s.parameters || !s.parameters.name) continue;
        structures.push(s);
    }
    const wanted = new Set(o.collection);
    const selected = structures
                         .filter((s) => {
                             const n = s.parameters.name;
                             if (wanted.size) return wanted.has(n);
                             return !n.startsWith('_') || o['include-system-collections'];
                         })
                         .sort(
                             (a, b) => ((a.parameters.type || 2) - (b.parameters.type || 2)) ||
                                 (a.parameters.name < b.parameters.name ? -1 : 1));
    for (const n of wanted) {
        if (!structures.some((s) => s.parameters.name === n))
            log.warn('a1c5e', `Requested collection '${n}' not found in dump`);
    }
    let failHook = o['fail-after-update-continue-file'];
    const update = (name, s) => {
        dbState[name] = s;
        saveState();
        if (failHook && s === 'restored') {
            log.fatal('a9e3c', 'failing after update of continue file (--fail-after-update-continue-file)');
        }
    };
    // 3.12 dumps say "useEnvelope": false; older ones say true or nothing (then each line tells).
    const collCfg = {...cfg, envelopes: meta.useEnvelope !== false };
    let next = 0;
    const threads = Math.max(1, Math.min(o.threads, 4 * require('os').cpus().length));
    const worker = async () => {
        while (next < selected.length) {
            const s = selected[next++];
            await restoreCollection(s, client, mdir, o, log, progress, stats, collCfg, dbState, update);
        }
    };
    await Promise.all(Array.from({ length: Math.min(threads, Math.max(1, selected.length)) }, worker));
}

// One data-file record as the line sent to restore-data. Envelopes (a numeric `type`, no top-level `_key`,
// and a `data` object or a `key` string) are unwrapped: 2300/2301 {type,data} (3.0-3.11) and
// {type,key,rev,data} (2.x) become the plain document (`_key`/`_rev` from `key`/`rev` when `data` has none);
// a 2302 removal becomes {"type":2302,"key":k,"data":{"_key":k}}, which the server applies as a delete, so
// the restored collection holds the net content.
function unwrapRecord(r, name) {
    const isEnvelope = r && typeof r === 'object' && typeof r.type === 'number' && !('_key' in r) &&
        ((r.data && typeof r.data === 'object' && !Array.isArray(r.data)) || typeof r.key === 'string');
    if (!isEnvelope) return JSON.stringify(r);
    if (r.type === 2300 || r.type === 2301) {
        if (!r.data || typeof r.data !== 'object')
            throw new Error(`marker of type ${r.type} without data in data file of collection '${name}'`);
        const d = r.data;
        if (d._key === undefined && typeof r.key === 'string') d._key = r.key;
        if (d._rev === undefined && typeof r.rev === 'string') d._rev = r.rev;
        return JSON.stringify(d);
    }
    if (r.type === 2302) {
        const key = typeof r.key === 'string' ? r.key : (r.data && r.data._key);
        if (typeof key !== 'string')
            throw new Error(`removal marker without a key in data file of collection '${name}'`);
        return JSON.stringify({ type: 2302, key, data: { _key: key } });
    }
    throw new Error(`unexpected marker type ${r.type} in data file of collection '${name}'`);
}

async function restoreCollection(s, client, mdir, o, log, progress, stats, cfg, dbState, update) {
    const name = s.parameters.name;
    const typeName = s.parameters.type === 3 ? 'edge' : 'document';
    if (o.continue && dbState[name] === 'restored') {
        progress(
            '2b3c4', `# skipping restoring ${typeName} collection '${name}', as it was restored previously`);
        return;
    }
    const resumed = o.continue && (dbState[name] === 'created' || dbState[name] === 'restoring');
    if (o['create-collection'] && !resumed) {
        const parameters = {...s.parameters };
        if (cfg.shards(name) !== undefined) parameters.numberOfShards = cfg.shards(name);
        if (cfg.rf(name) !== undefined) parameters.replicationFactor = cfg.rf(name);
        if (cfg.wc(name) !== undefined) parameters.writeConcern = cfg.wc(name);
        progress('6ae09', `# Re-creating ${typeName} collection '${name}'...`);
        const r = await client.request('POST', '/_api/replication/restore-collection', {
            query: { overwrite: String(o.overwrite), force: String(o.force) },
            body: { parameters, indexes: s.indexes || [] },
        });
        if (r.status >= 300) {
            const msg = `Error while creating ${typeName} collection '${name}': ` +
                serverError(r, `'POST /_api/replication/restore-collection'`);
            if (!o.force) throw new Error(msg);
            log.error('e8e7a', msg);
            return;
        }
        update(name, 'created');
    }
    ++stats.collections;
    if (!o['import-data']) {
        update(name, 'restored');
        return;
    }
    const files = [];
    const direct = dd.dataFileNames(name).find((f) => mdir.exists(f));
    if (direct)
        files.push(direct);
    else {
        const re = dd.splitFilePattern(name);
        const parts = mdir.list()
                          .filter((f) => re.test(f))
                          .sort((a, b) => Number(re.exec(a)[1]) - Number(re.exec(b)[1]));
        files.push(...parts);
        // Split dumps write no data file for an empty collection.
        const splitDump = mdir.list().some((f) => /_[0-9a-f]{32}\.\d+\.data\.json(\.gz)?$/.test(f));
        if (!parts.length && !splitDump) {
            throw new Error(`could not open data file for collection '${name}'`);
        }
    }
    let size = 0;
    const contents = files.map((f) => {
        let buf = mdir.read(f);
        size += buf.length;
        if (f.endsWith('.gz')) buf = require('zlib').gunzipSync(buf);
        return buf;
    });
    stats.bytes += size;
    progress('94913', `# Loading data into ${typeName} collection '${name}', data size: ${size} byte(s)`);
    update(name, 'restoring');
    let batch = [];
    let batchLen = 0;
    const flush = async () => {
        if (!batch.length) return;
        const body = batch.join('\n') + '\n';
        const r = await client.request(
            'PUT', '/_api/replication/restore-data',
            { query: { collection: name }, body, headers: { 'content-type': 'application/x-arango-dump' } });
        if (r.status >= 300)
            throw new Error(
                `cannot restore data into collection '${name}': ` +
                serverError(r, `'PUT /_api/replication/restore-data?collection=${name}'`));
        ++stats.batches;
        stats.sent += Buffer.byteLength(body);
        faults.countDocs(batch.length, log, 'restore');
        batch = [];
        batchLen = 0;
    };
    for (const buf of contents) {
        for (const line of buf.toString('utf8').split('\n')) {
            if (!line.trim()) continue;
            let parsed;
            try {
                parsed = JSON.parse(line);
            } catch (_) { throw new Error(`invalid JSON in data file of collection '${name}'`); }
            const doc = cfg.envelopes ? unwrapRecord(parsed, name) : line;
            if (faults.slowMs) await faults.slow();
            batch.push(doc);
            batchLen += doc.length + 1;
            if (batchLen >= cfg.batchBytes || batch.length >= faults.remainingBudget()) await flush();
        }
    }
    await flush();
    update(name, 'restored');
    progress('6d69f', `# Successfully restored ${typeName} collection '${name}'`);
}

module.exports = { main };
