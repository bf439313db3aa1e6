'use strict';
// arangoimport stand-in: json/jsonl/csv/tsv input, the stdout report of the real tool,
// exit 0 even when the server rejected documents.

const fs = require('fs');
const { writeAllSync } = require('../lib/io');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, serverError } = require('../lib/client');
const faults = require('../lib/faults');

function out(line) { writeAllSync(1, line + '\n'); }

// CSV/TSV field splitter honouring quotes, doubled quotes and (optionally) backslash escapes.
function* csvRecords(text, sep, quote, backslash) {
    let field = '';
    let fields = [];
    let quoted = false;
    let wasQuoted = false;
    let line = 1;
    for (let i = 0; i < text.length; ++i) {
        const c = text[i];
        if (quoted) {
            if (backslash && c === '\\' && i + 1 < text.length) {
                field += text[++i];
                continue;
            }
            if (c === quote) {
                if (text[i + 1] === quote) {
                    field += quote;
                    ++i;
                } else
                    quoted = false;
                continue;
            }
            if (c === '\n') ++line;
            field += c;
            continue;
        }
        if (quote && c === quote && field === '') {
            quoted = true;
            wasQuoted = true;
            continue;
        }
        if (backslash && c === '\\' && i + 1 < text.length) {
            field += text[++i];
            continue;
        }
        if (c === sep) {
            fields.push({ v: field, q: wasQuoted });
            field = '';
            wasQuoted = false;
            continue;
        }
        if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n') ++i;
            fields.push({ v: field, q: wasQuoted });
            yield { fields, line };
            ++line;
            fields = [];
            field = '';
            wasQuoted = false;
            continue;
        }
        field += c;
    }
    if (field !== '' || fields.length) {
        fields.push({ v: field, q: wasQuoted });
        yield { fields, line };
    }
}

function convertValue(f, convert) {
    if (f.q || !convert) return f.v;
    if (f.v === 'null') return null;
    if (f.v === 'true') return true;
    if (f.v === 'false') return false;
    if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(f.v)) return Number(f.v);
    return f.v;
}

async function main(parsed, log) {
    const { tool, options: o, positional, explicit } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'b2f3c', 'general');
    if (positional.length > 1) die(`expecting at most one filename, got ${positional.join(', ')}`);
    if (positional.length === 1) {
        if (explicit.has('file')) die(`Unused commandline arguments: ${positional.join(', ')}`);
        o.file = positional[0];
    }
    if (!o.file) die('File name is missing.');
    if (o.file !== '-') {
        let st = null;
        try {
            st = fs.statSync(o.file);
        } catch (_) { die(`Cannot open file '${o.file}'. File not found.`); }
        if (st.isDirectory()) die(`Specified file '${o.file}' is a directory. Please use a regular file.`);
        if (!st.isFile()) die(`Cannot open '${o.file}'. Invalid file type.`);
    }
    if (!o.collection) die('Collection name is missing.');
    let type = o.type;
    if (type === 'auto') {
        const m = /.*?\.([a-zA-Z]+)(\.gz|)$/.exec(o.file);
        type = m && ['json', 'jsonl', 'csv', 'tsv'].includes(m[1].toLowerCase()) ? m[1].toLowerCase() : null;
        if (!type) {
            log.warn(
                '0ec3f', `Unable to auto-detect file type from filename '${o.file}'. using filetype 'json'`);
            type = 'json';
        }
    }
    let sep = o.separator;
    const escapes = { '\\t': '\t', '\\r': '\r', '\\n': '\n' };
    if (escapes[sep]) sep = escapes[sep];
    if (sep === '') sep = type === 'tsv' ? '\t' : ',';
    if ([...sep].length !== 1) die('The separator must be exactly one character.');
    if ([...o.quote].length > 1) die('Wrong length of quote character.');
    const translate = new Map();
    for (const t of o.translate) {
        const m = /^([^=]+)=([^=]+)$/.exec(t);
        if (!m) die(`invalid translation '${t}'`);
        translate.set(m[1].trim(), m[2].trim());
    }
    const datatypes = new Map();
    for (const t of o.datatype) {
        const m = /^([^=]+)=(.+)$/.exec(t);
        if (!m || !['boolean', 'number', 'null', 'string'].includes(m[2]))
            die(`invalid datatype '${t}'. valid types are: boolean, number, null, string`);
        datatypes.set(m[1], m[2]);
    }
    for (const r of o['remove-attribute'])
        if (r === '') die('cannot remove an empty attribute');
    const merges = o['merge-attributes'].map((m) => {
        const mm = /^([^=]+)=(.*)$/.exec(m);
        if (!mm) die(`invalid value for --merge-attributes: '${m}'`);
        return { target: mm[1], parts: mm[2].split(/(\[[^\]]*\])/).filter((p) => p !== '') };
    });
    const maxThreads = 2 * require('os').cpus().length;
    if (o.threads > maxThreads) {
        log.warn('8e1a2', `capping --threads value to ${maxThreads}`);
        o.threads = maxThreads;
    }

    const setup = clientSetup(parsed);
    let client = httpClient(setup, 0);
    let version;
    const connectFail = (msg) => {
        log.error(
            'ad396',
            `Could not connect to endpoint '${client.endpoint}', database: '${setup.database}', ` +
                `username: '${setup.username}'`);
        log.fatal('b1ad6', `Error message: '${msg}'`);
    };
    let vr;
    try {
        vr = await client.request('GET', '/_api/version');
    } catch (e) { connectFail(`Could not connect to '${client.endpoint}' '${e.code || e.message}'`); }
    if (vr.status === 404 && vr.json && vr.json.errorNum === 1228 && o['create-database']) {
        out(`Creating database '${setup.database}'`);
        const sys = httpClient({...setup, database: '_system' });
        const c = await sys.request('POST', '/_api/database', { body: { name: setup.database } });
        if (c.status >= 300)
            die(`Could not create database '${setup.database}': ${serverError(c, 'POST /_api/database')}`);
        client = httpClient(setup, 0);
        vr = await client.request('GET', '/_api/version');
    }
    if (vr.status !== 200) connectFail((vr.json && vr.json.errorMessage) || `HTTP ${vr.status}`);
    version = vr.json.version;
    out(`Connected to ArangoDB '${client.endpoint}', version: ${version}, database: '${setup.database}', ` +
        `username: '${setup.username}'`);
    out('----------------------------------------');
    out(`database:               ${setup.database}`);
    out(`collection:             ${o.collection}`);
    if (o['from-collection-prefix']) out(`from collection prefix: ${o['from-collection-prefix']}`);
    if (o['to-collection-prefix']) out(`to collection prefix:   ${o['to-collection-prefix']}`);
    out(`overwrite coll. prefix: ${o['overwrite-collection-prefix'] ? 'yes' : 'no'}`);
    out(`create:                 ${o['create-collection'] ? 'yes' : 'no'}`);
    out(`create database:        ${o['create-database'] ? 'yes' : 'no'}`);
    out(`source filename:        ${o.file}`);
    out(`file type:              ${type}`);
    if (type === 'csv') out(`quote:                  ${o.quote}`);
    if (type === 'csv' || type === 'tsv') {
        out(`separator:              ${sep === '\t' ? '\\t' : sep}`);
        out(`headers file:           ${o['headers-file']}`);
    }
    out(`threads:                ${o.threads}`);
    out(`on duplicate:           ${o['on-duplicate']}`);
    out(`connect timeout:        ${o['server.connection-timeout']}`);
    out(`request timeout:        ${o['server.request-timeout']}`);
    out('----------------------------------------');
    out('');
    out(`Starting ${type === 'csv' ? 'CSV' : type === 'tsv' ? 'TSV' : 'JSON'} import...`);

    let raw = o.file === '-' ? fs.readFileSync(0) : fs.readFileSync(o.file);
    if (o.file.endsWith('.gz')) raw = require('zlib').gunzipSync(raw);
    const text = raw.toString('utf8');
    const totalBytes = raw.length;
    let linesRead = 0;
    const docs = [];
    const fix = (doc) => {
        for (const r of o['remove-attribute']) delete doc[r];
        for (const [attr, pfx] of [
                 ['_from', o['from-collection-prefix']], ['_to', o['to-collection-prefix']]]) {
            if (pfx && typeof doc[attr] === 'string' &&
                (o['overwrite-collection-prefix'] || !doc[attr].includes('/')))
                doc[attr] =
                    `${pfx}/${doc[attr].includes('/') ? doc[attr].split('/').slice(1).join('/') : doc[attr]}`;
        }
        return doc;
    };
    const parseErrors = [];
    if (type === 'csv' || type === 'tsv') {
        let headers = null;
        if (o['headers-file']) {
            const h = csvRecords(
                          fs.readFileSync(o['headers-file'], 'utf8'), sep, type === 'csv' ? o.quote : '',
                          o['backslash-escape'])
                          .next();
            headers = h.done ? [] : h.value.fields.map((f) => f.v);
        }
        let skip = o['skip-lines'];
        for (const rec of csvRecords(text, sep, type === 'csv' ? o.quote : '', o['backslash-escape'])) {
            ++linesRead;
            if (skip > 0) {
                --skip;
                continue;
            }
            if (rec.fields.length === 1 && rec.fields[0].v === '' && !rec.fields[0].q) continue;
            if (!headers) {
                headers = rec.fields.map((f) => translate.get(f.v) || f.v);
                continue;
            }
            if (rec.fields.length !== headers.length &&
                !(o['ignore-missing'] && rec.fields.length < headers.length)) {
                parseErrors.push(`at position ${rec.line}: wrong number of columns in line ${rec.line}`);
                continue;
            }
            const doc = {};
            headers.forEach((h, i) => {
                if (i >= rec.fields.length) return;
                const f = rec.fields[i];
                if (f.v === '' && !f.q) return;
                // System attributes stay strings, whatever --convert says.
                let v = h === '_key' || h === '_from' || h === '_to' ? f.v : convertValue(f, o.convert);
                const dt = datatypes.get(h);
                if (dt === 'string')
                    v = f.v;
                else if (dt === 'number')
                    v = Number(f.v) || 0;
                else if (dt === 'boolean')
                    v = !['false', '0', '', 'null'].includes(f.v.toLowerCase());
                else if (dt === 'null')
                    v = null;
                doc[h] = v;
            });
            for (const m of merges) {
                doc[m.target] =
                    m.parts.map((p) => (p.startsWith('[') ? String(doc[p.slice(1, -1)] ?? '') : p)).join('');
            }
            docs.push(fix(doc));
        }
    } else {
        const trimmed = text.trimStart();
        if (type === 'json' && trimmed.startsWith('[')) {
            try {
                const arr = JSON.parse(trimmed);
                for (const d of arr) docs.push(fix(d));
            } catch (e) { parseErrors.push(`invalid JSON: ${e.message}`); }
            linesRead = text.split('\n').length;
        } else {
            for (const l of text.split('\n')) {
                ++linesRead;
                if (!l.trim()) continue;
                try {
                    docs.push(fix(JSON.parse(l)));
                } catch (_) { parseErrors.push(`invalid JSON in line ${linesRead}`); }
            }
        }
    }
    const totals = { created: 0, errors: parseErrors.length, updated: 0, ignored: 0 };
    const messages = parseErrors.slice();
    const batchBytes = Math.max(1024, Math.min(o['batch-size'], 64 * 1024 * 1024));
    const batches = [];
    let cur = [], curLen = 0;
    for (const d of docs) {
        const s = JSON.stringify(d);
        cur.push(s);
        curLen += s.length + 1;
        if (curLen >= batchBytes) {
            batches.push(cur);
            cur = [];
            curLen = 0;
        }
    }
    if (cur.length) batches.push(cur);
    let sentBytes = 0;
    let lastPct = -1;
    let stop = false;
    let first = true;
    let next = 0;
    const sendBatch = async (batch) => {
        const take = faults.reserve(batch.length);
        if (faults.slowMs)
            for (let i = 0; i < batch.length; ++i) await faults.slow();
        const body = batch.slice(0, take).join('\n') + '\n';
        const overwrite = o.overwrite && first;
        first = false;
        const r = await client.request('POST', '/_api/import', {
            query: {
                collection: o.collection,
                type: 'documents',
                onDuplicate: o['on-duplicate'],
                complete: 'false',
                details: 'true',
                overwrite: overwrite ? 'true' : undefined,
                createCollection: o['create-collection'] ? 'true' : 'false',
                createCollectionType: o['create-collection'] ? o['create-collection-type'] : undefined
            },
            body,
        });
        if (r.status >= 300 || !r.json || r.json.error) {
            messages.push((r.json && r.json.errorMessage) || `HTTP ${r.status}`);
            stop = true;
            return;
        }
        totals.created += r.json.created || 0;
        totals.errors += r.json.errors || 0;
        totals.updated += r.json.updated || 0;
        totals.ignored += r.json.ignored || 0;
        for (const d of r.json.details || []) messages.push(d);
        sentBytes += Buffer.byteLength(body);
        faults.countDocs(batch.length, log, 'general');
        const pct = Math.min(100, Math.floor((sentBytes / Math.max(1, totalBytes)) * 100));
        if (o.progress && pct !== lastPct && pct >= lastPct + 3) {
            lastPct = pct;
            log.info(
                '9ddf3', `processed ${(Math.min(sentBytes, totalBytes) / 1e6).toFixed(1)} MB (${pct}%)`,
                'general');
        }
        if (totals.errors >= o['max-errors']) stop = true;
    };
    if (batches.length) await sendBatch(batches[next++]);
    const workers = Array.from({ length: Math.max(1, o.threads) }, async () => {
        while (!stop && next < batches.length) await sendBatch(batches[next++]);
    });
    await Promise.all(workers);
    out('');
    out(`created:          ${totals.created}`);
    out(`warnings/errors:  ${totals.errors}`);
    out(`updated/replaced: ${totals.updated}`);
    out(`ignored:          ${totals.ignored}`);
    if (type === 'csv' || type === 'tsv') out(`lines read:       ${linesRead}`);
    if (messages.length) {
        log.error('46995', 'error message(s):', 'general');
        for (const m of messages) log.error('46996', m, 'general');
    }
    return 0;
}

module.exports = {
    main,
    csvRecords
};
