'use strict';
// The JavaScript side of arangosim's JavaScript transactions (POST /_api/transaction). arangosim starts the
// arangosh launcher with ARANGOSIM_TRX_RUNNER=1; this file then evaluates the transaction's action with the
// arangosh stand-in's `db` (require('@arangodb').db), whose requests do not go over the network but to the
// server that started us, through two pipes: fd 3 carries JSON lines to the server, fd 4 brings one JSON
// line back per request. Every request carries the streaming transaction id the server opened for the
// action, so the action reads its own writes and an exception aborts all of them.
//
// Protocol (one JSON object per line):
//   server -> runner: {"action","params","database","trxId","version"}        (once, first)
//   runner -> server: {"op":"request","method","path","body","headers"}      (any number)
//   server -> runner: {"status","body","headers"}                            (one per request)
//   runner -> server: {"op":"result","result"} | {"op":"error","code","errorNum","errorMessage"} (last)

const fs = require('fs');
const { Shell } = require('./lib/shell');

const OUT = 3;
const IN = 4;
let pending = Buffer.alloc(0);

function readLine() {
    for (;;) {
        const nl = pending.indexOf(10);
        if (nl >= 0) {
            const line = pending.subarray(0, nl).toString('utf8');
            pending = pending.subarray(nl + 1);
            return line;
        }
        const buf = Buffer.alloc(1 << 16);
        let n;
        try {
            n = fs.readSync(IN, buf, 0, buf.length, null);
        } catch (e) {
            if (e.code === 'EAGAIN') continue;
            throw e;
        }
        if (n === 0) process.exit(3); // the server went away
        pending = Buffer.concat([pending, buf.subarray(0, n)]);
    }
}

function send(obj) {
    const b = Buffer.from(JSON.stringify(obj) + '\n', 'utf8');
    let off = 0;
    while (off < b.length) off += fs.writeSync(OUT, b, off);
}

function run() {
    const job = JSON.parse(readLine());
    const conn = {
        database: job.database,
        endpoint: 'arangosim',
        username: job.username || '',
        connected: true,
        lastError: '',
        versionInfo: { version: job.version },
        displayEndpoint: () => 'arangosim',
        reconnect: () => false,
        request(method, urlPath, body, headers = {}) {
            send({
                op: 'request', method, path: urlPath, body: body === undefined || body === null ? '' : String(body),
                headers: { ...headers, 'x-arango-trx-id': job.trxId }
            });
            const r = JSON.parse(readLine());
            return { status: r.status, body: r.body, headers: r.headers || {} };
        },
    };
    const shell = new Shell({
        connection: conn,
        argumentsList: [],
        mode: 'execute-string',
        cwd: process.cwd(),
        moduleDirs: [],
        currentModuleDirectory: false,
        version: job.version,
        arangoshPath: '',
        exit: () => {
            throw new Error('exit() is not available inside a transaction');
        },
    });
    let fn;
    try {
        fn = shell.run(shell.compileScript(`(${job.action})`, 'transaction-action'));
    } catch (e) {
        fn = undefined;
    }
    let result;
    try {
        if (typeof fn !== 'function') {
            send({ op: 'error', code: 400, errorNum: 10, errorMessage: 'missing/invalid action definition for transaction' });
            return 0;
        }
        result = fn(job.params);
    } catch (e) {
        if (e && typeof e === 'object' && e.errorNum !== undefined)
            send({ op: 'error', code: e.code || 500, errorNum: e.errorNum, errorMessage: String(e.errorMessage || e.message) });
        else
            send({ op: 'error', code: 500, errorNum: 1650, errorMessage: String(e && e.message !== undefined ? e.message : e) });
        return 0;
    }
    send({ op: 'result', result: result === undefined ? null : result });
    return 0;
}

module.exports = { run };
