'use strict';
// arangoexport stand-in: json/jsonl/csv/xml per collection or query, xgmml per graph.
// Output files: <collection>.<type>, query.<type> for --custom-query, <graph>.xgmml; ".gz" with
// --compress-output (real naming unverified).

const fs = require('fs');
const { writeAllSync } = require('../lib/io');
const path = require('path');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, serverError } = require('../lib/client');
const faults = require('../lib/faults');

function out(line) { writeAllSync(1, line + '\n'); }

function xmlEscape(s) {
    return String(s)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}

function xgmmlType(v) {
    if (typeof v === 'boolean') return 'boolean';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'real';
    if (Array.isArray(v)) return 'list';
    return 'string';
}

function xmlAtts(doc, skip) {
    let s = '';
    for (const [k, v] of Object.entries(doc)) {
        if (skip && skip.has(k)) continue;
        if (v !== null && typeof v === 'object') {
            s += `  <att name="${xmlEscape(k)}" type="${Array.isArray(v) ? 'list' : 'string'}" value="${
                xmlEscape(JSON.stringify(v))}"/>\n`;
        } else {
            s += `  <att name="${xmlEscape(k)}" type="${xgmmlType(v)}" value="${xmlEscape(v)}"/>\n`;
        }
    }
    return s;
}

function csvCell(v, escapeFormulae) {
    if (v === undefined || v === null) return '';
    let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && escapeFormulae && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    if (typeof v === 'string' || /[",\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
    return s;
}

async function main(parsed, log) {
    const { tool, options: o, positional, explicit } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'f1c2d', 'general');
    if (positional.length > 1) die(`expecting at most one directory, got ${positional.join(', ')}`);
    if (positional.length === 1) o['output-directory'] = positional[0];
    if (o['custom-query'] && o['custom-query-file'])
        die('expecting either an AQL query or an AQL query file');
    let query = o['custom-query'];
    if (o['custom-query-file']) {
        try {
            query = fs.readFileSync(o['custom-query-file'], 'utf8');
        } catch (_) { die(`could not read query file '${o['custom-query-file']}'`); }
    }
    if (!o.collection.length && !o['graph-name'] && !query)
        die('expecting at least one collection, a graph name or an AQL query');
    if (query && (o.collection.length || o['graph-name']))
        die('expecting either a list of collections or an AQL query');
    let bindVars = {};
    if (o['custom-query-bindvars']) {
        try {
            bindVars = JSON.parse(o['custom-query-bindvars']);
        } catch (e) { die(`invalid JSON in --custom-query-bindvars: ${e.message}`); }
    }
    if (o.type === 'xgmml' && !o['graph-name']) die('expecting a graph name to dump a graph');
    if (['json', 'jsonl', 'csv'].includes(o.type) && !o.collection.length && !query)
        die('expecting at least one collection or an AQL query');
    const fields = o.fields ? o.fields.split(',').map((f) => f.trim()).filter(Boolean) : [];
    if (o.type === 'csv' && !fields.length) die('expecting at least one field definition');
    const outDir = o['output-directory'].replace(/(.)\/+$/, '$1');
    if (fs.existsSync(outDir)) {
        if (!fs.statSync(outDir).isDirectory()) die(`cannot write to output directory '${outDir}'`);
        if (!o.overwrite)
            die(`output directory '${
                outDir}' already exists. use "--overwrite true" to overwrite data in it`);
    } else {
        try {
            fs.mkdirSync(outDir, { recursive: true });
        } catch (_) { die(`cannot write to output directory '${outDir}'`); }
    }

    const setup = clientSetup(parsed);
    const client = httpClient(setup, 0);
    let vr;
    const connectFail = (msg) => {
        log.error(
            'ad396',
            `Could not connect to endpoint '${client.endpoint}', database: '${setup.database}', ` +
                `username: '${setup.username}'`);
        log.fatal('b1ad6', `Error message: '${msg}'`);
    };
    try {
        vr = await client.request('GET', '/_api/version');
    } catch (e) { connectFail(`Could not connect to '${client.endpoint}' '${e.code || e.message}'`); }
    if (vr.status !== 200) connectFail((vr.json && vr.json.errorMessage) || `HTTP ${vr.status}`);
    out(`Connected to ArangoDB '${client.endpoint}', version: ${vr.json.version}, database: '${
            setup.database}', ` +
        `username: '${setup.username}'`);
    out('----------------------------------------');
    out(`database:               ${setup.database}`);
    out(`collections:            ${o.collection.join(', ')}`);
    if (o['graph-name']) out(`graph name:             ${o['graph-name']}`);
    if (query) out(`query:                  ${query}`);
    out(`output directory:       ${outDir}`);
    out(`overwrite files:        ${o.overwrite ? 'yes' : 'no'}`);
    out(`type:                   ${o.type}`);
    out('----------------------------------------');
    out('');
    const stats = { requests: 1, bytes: 0, collections: 0 };
    const fetchAll = async (q, bv, onDocs) => {
        let r = await client.request('POST', '/_api/cursor', {
            body: {
                query: q,
                bindVars: bv,
                batchSize: o['documents-per-batch'],
                ...(explicit.has('custom-query-max-runtime') ?
                        { options: { maxRuntime: o['custom-query-max-runtime'] } } :
                        {})
            }
        });
        ++stats.requests;
        for (;;) {
            if (r.status >= 300 || !r.json) throw new Error(serverError(r, `'${q}'`));
            const docs = r.json.result || [];
            for (let i = 0; i < docs.length; ++i)
                if (faults.slowMs) await faults.slow();
            await onDocs(docs);
            faults.countDocs(docs.length, log, 'general');
            if (!r.json.hasMore) break;
            r = await client.request('POST', `/_api/cursor/${r.json.id}`);
            ++stats.requests;
        }
    };
    const writeFile = (name, content) => {
        let buf = Buffer.from(content, 'utf8');
        let file = path.join(outDir, name);
        if (o['compress-output']) {
            buf = require('zlib').gzipSync(buf);
            file += '.gz';
        }
        fs.writeFileSync(file, buf);
        stats.bytes += buf.length;
    };
    const exportDocs = async (label, q, bv) => {
        const parts = [];
        if (o.type === 'csv') parts.push(fields.map((f) => csvCell(f, false)).join(',') + '\n');
        if (o.type === 'json') parts.push('[');
        if (o.type === 'xml')
            parts.push(`<?xml version="1.0" encoding="UTF-8"?>\n<collection name="${xmlEscape(label)}">\n`);
        let first = true;
        await fetchAll(q, bv, (docs) => {
            for (const d of docs) {
                if (o.type === 'jsonl')
                    parts.push(JSON.stringify(d) + '\n');
                else if (o.type === 'json') {
                    parts.push((first ? '\n  ' : ',\n  ') + JSON.stringify(d));
                    first = false;
                } else if (o.type === 'csv')
                    parts.push(fields.map((f) => csvCell(d[f], o['escape-csv-formulae'])).join(',') + '\n');
                else if (o.type === 'xml')
                    parts.push(`<doc key="${xmlEscape(d._key)}">\n${xmlAtts(d)}</doc>\n`);
            }
        });
        if (o.type === 'json') parts.push('\n]\n');
        if (o.type === 'xml') parts.push('</collection>\n');
        writeFile(`${label}.${o.type}`, parts.join(''));
    };
    try {
        if (query) {
            out('# Running AQL query...');
            await exportDocs('query', query, bindVars);
            ++stats.collections;
        } else if (o.type === 'xgmml') {
            const gname = o['graph-name'];
            const gr = await client.request('GET', `/_api/gharial/${encodeURIComponent(gname)}`);
            ++stats.requests;
            if (gr.status !== 200 || !gr.json) throw new Error(serverError(gr, `GET /_api/gharial/${gname}`));
            const defs = (gr.json.graph && gr.json.graph.edgeDefinitions) || [];
            const vertexColls = new Set(o.collection);
            const edgeColls = new Set();
            if (!o.collection.length) {
                for (const d of defs) {
                    edgeColls.add(d.collection);
                    for (const v of [...(d.from || []), ...(d.to || [])]) vertexColls.add(v);
                }
                for (const v of (gr.json.graph && gr.json.graph.orphanCollections) || []) vertexColls.add(v);
            }
            const label = o['xgmml-label-attribute'];
            const parts = [
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                `<graph label="${xmlEscape(gname)}" xmlns="http://www.cs.rpi.edu/XGMML" directed="1">\n`
            ];
            for (const c of vertexColls) {
                out(`# Exporting collection '${c}'...`);
                await fetchAll('FOR d IN @@c RETURN d', { '@c': c }, (docs) => {
                    for (const d of docs) {
                        parts.push(
                            `<node label="${xmlEscape(d[label] ?? d._key)}" id="${xmlEscape(d._id)}">\n` +
                            (o['xgmml-label-only'] ? '' : xmlAtts(d)) + '</node>\n');
                    }
                });
                ++stats.collections;
            }
            for (const c of edgeColls) {
                out(`# Exporting collection '${c}'...`);
                await fetchAll('FOR d IN @@c RETURN d', { '@c': c }, (docs) => {
                    for (const d of docs) {
                        parts.push(
                            `<edge label="${xmlEscape(d[label] ?? d._key)}" source="${xmlEscape(d._from)}" ` +
                            `target="${xmlEscape(d._to)}">\n` + (o['xgmml-label-only'] ? '' : xmlAtts(d)) +
                            '</edge>\n');
                    }
                });
                ++stats.collections;
            }
            parts.push('</graph>\n');
            writeFile(`${gname}.xgmml`, parts.join(''));
        } else {
            for (const c of o.collection) {
                out(`# Exporting collection '${c}'...`);
                // The failed object is named in the message.
                await exportDocs(c, 'FOR d IN @@c RETURN d', { '@c': c }).catch((e) => {
                    throw new Error(`${e.message} while exporting collection '${c}'`);
                });
                ++stats.collections;
            }
        }
    } catch (e) {
        log.error('b3c5e', `An error occurred: ${e.message}`);
        return 1;
    }
    out(`Processed ${stats.collections} collection(s), wrote ${stats.bytes} bytes, ${
        stats.requests} HTTP request(s)`);
    return 0;
}

module.exports = { main };
