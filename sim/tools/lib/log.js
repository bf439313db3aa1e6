'use strict';
// Logging like the 3.12 client tools: `<time> [<pid>-<tid>] <LEVEL> [<id>] {<topic>} <message>`.
//
// API: makeLogger(options, topic) -> logger with fatal/error/warn/info/debug/trace(id, message[, topic]),
//      enabled(level, topic), and flush(). `options` is parseOptions(...).options. fatal() logs and exits 1.
// Destinations: --log.output (-, +, file://path, topic=dest), --log.file (-, +, path), --log.foreground-tty
// (adds stdout). When none of them is given, lines go to stdout (the 3.10/3.11 and 4.x client default
// `--log.file -`; where 3.12 routes them is unverified in the reference).

const fs = require('fs');
const os = require('os');
const { writeAllSync } = require('./io');

const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug', 'trace'];
const LEVEL_NAMES = {
    fatal: 'FATAL',
    error: 'ERROR',
    warning: 'WARNING',
    info: 'INFO',
    debug: 'DEBUG',
    trace: 'TRACE'
};
const started = process.hrtime.bigint();

function pad(n, w = 2) { return String(n).padStart(w, '0'); }

function timestamp(format) {
    const nowNs = BigInt(Date.now()) * 1000000n + (process.hrtime.bigint() % 1000000n);
    const d = new Date(Number(nowNs / 1000000n));
    const micros = Number((nowNs / 1000n) % 1000000n);
    const upNs = process.hrtime.bigint() - started;
    const utc = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    switch (format) {
        case 'utc-datestring':
            return `${utc}Z`;
        case 'utc-datestring-millis':
            return `${utc}.${pad(Math.floor(micros / 1000), 3)}Z`;
        case 'local-datestring':
            return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:` +
                `${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
        case 'timestamp':
            return String(Math.floor(d.getTime() / 1000));
        case 'timestamp-millis':
            return (d.getTime() / 1000).toFixed(3);
        case 'timestamp-micros':
            return (Number(nowNs / 1000n) / 1e6).toFixed(6);
        case 'uptime':
            return String(Number(upNs / 1000000000n));
        case 'uptime-millis':
            return (Number(upNs / 1000000n) / 1000).toFixed(3);
        case 'uptime-micros':
            return (Number(upNs / 1000n) / 1e6).toFixed(6);
        default:
            return `${utc}.${pad(micros, 6)}Z`;
    }
}

function openDest(spec) {
    if (spec === '-') return { fd: 1 };
    if (spec === '+') return { fd: 2 };
    let file = spec.startsWith('file://') ? spec.slice('file://'.length) : spec;
    file = file.replace(/\$PID|@PID@/g, String(process.pid));
    return { file };
}

function makeLogger(options, defaultTopic = 'general') {
    const o = options || {};
    const general = { level: 'info' };
    const topicLevels = new Map();
    for (const entry of o['log.level'] || ['info']) {
        const eq = entry.indexOf('=');
        if (eq < 0)
            general.level = entry.toLowerCase();
        else {
            const topic = entry.slice(0, eq), level = entry.slice(eq + 1).toLowerCase();
            if (topic === 'all') {
                general.level = level;
                topicLevels.clear();
            } else
                topicLevels.set(topic, level);
        }
    }
    const dests = [];
    const topicDests = new Map();
    const outputs = (o['log.output'] || []).slice();
    if (o['log.file']) outputs.push(o['log.file']);
    if (o['log.foreground-tty'] && !outputs.includes('-')) outputs.push('-');
    if (outputs.length === 0) outputs.push('-');
    for (const out of outputs) {
        const m = /^([a-z]+)=(.+)$/.exec(out);
        if (m && !out.startsWith('file://'))
            topicDests.set(m[1], openDest(m[2]));
        else
            dests.push(openDest(out));
    }
    const fileMode = o['log.file-mode'] ? parseInt(o['log.file-mode'], 8) : 0o644;
    // Log files exist from startup on, even if nothing is logged, as with the real appenders.
    for (const d of [...dests, ...topicDests.values()]) {
        if (d.file !== undefined) {
            try {
                d.handle = fs.openSync(d.file, 'a', fileMode);
            } catch (_) { d.handle = -1; }
        }
    }
    const fmt = o['log.time-format'] || 'utc-datestring-micros';
    const showIds = o['log.ids'] !== false;
    const showPid = o['log.process'] !== false;
    const showTid = o['log.thread'] !== false;
    const hostname = o['log.hostname'] === 'auto' ? os.hostname() : (o['log.hostname'] || '');
    const prefix = o['log.prefix'] || '';
    const json = !!o['log.use-json-format'];
    const maxLen = o['log.max-entry-length'] || 134217728;
    const escapeCtrl = o['log.escape-control-chars'] !== false;

    function enabled(level, topic) {
        const want = topicLevels.get(topic) || general.level;
        const wi = LEVELS.indexOf(want === 'warn' ? 'warning' : want);
        return LEVELS.indexOf(level) <= (wi < 0 ? 3 : wi);
    }

    function write(dest, text) {
        try {
            if (dest.fd !== undefined)
                writeAllSync(dest.fd, text);
            else {
                if (dest.handle >= 0) fs.writeSync(dest.handle, text);
            }
        } catch (_) { /* a broken log destination must not kill the tool */
        }
    }

    function log(level, id, message, topic = defaultTopic) {
        if (!enabled(level, topic)) return;
        let msg = prefix + String(message);
        if (escapeCtrl)
            msg = msg.replace(
                /[\x00-\x09\x0b-\x1f\x7f]/g, (c) => `\\x${pad(c.charCodeAt(0).toString(16).toUpperCase())}`);
        if (msg.length > maxLen) msg = msg.slice(0, maxLen);
        let line;
        if (json) {
            const obj = { time: timestamp(fmt) };
            if (showPid) obj.pid = process.pid;
            if (showTid) obj.tid = 1;
            obj.level = LEVEL_NAMES[level];
            obj.topic = topic;
            if (showIds) obj.id = id;
            if (hostname) obj.hostname = hostname;
            obj.message = msg;
            line = JSON.stringify(obj) + '\n';
        } else {
            let p = timestamp(fmt) + ' ';
            if (hostname) p += hostname + ' ';
            if (showPid) p += showTid ? `[${process.pid}-1] ` : `[${process.pid}] `;
            p += LEVEL_NAMES[level] + ' ';
            if (showIds) p += `[${id}] `;
            p += `{${topic}} `;
            line = msg.split('\n').map((l) => p + l).join('\n') + '\n';
        }
        const td = topicDests.get(topic);
        for (const d of td ? [td] : dests) write(d, line);
    }

    return {
        enabled,
        fatal(id, msg, topic) {
            log('fatal', id, msg, topic);
            process.exit(1);
        },
        error(id, msg, topic) { log('error', id, msg, topic); },
        warn(id, msg, topic) { log('warning', id, msg, topic); },
        info(id, msg, topic) { log('info', id, msg, topic); },
        debug(id, msg, topic) { log('debug', id, msg, topic); },
        trace(id, msg, topic) { log('trace', id, msg, topic); },
        log,
    };
}

module.exports = {
    makeLogger,
    timestamp
};
