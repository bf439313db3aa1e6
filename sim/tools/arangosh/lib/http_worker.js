'use strict';
// The worker half of the synchronous HTTP bridge (see sync_http.js). The shell's main thread blocks in
// Atomics.wait while this thread performs the request with Node's asynchronous http module; the reply is
// posted on a MessagePort that the main thread drains with receiveMessageOnPort, so replies of any size
// need no shared-buffer sizing. Every request gets exactly one reply, even on internal failure, because
// a missing reply would leave the main thread waiting until its own safety timeout.

const { workerData, parentPort } = require('worker_threads');
const http = require('http');
const https = require('https');

const flag = new Int32Array(workerData.sab);
// Slot 1 tells the main thread that this thread is up (see SyncHttp.call).
Atomics.store(flag, 1, 1);
const port = workerData.port;
const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 4 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false }),
};

function reply(msg) {
    port.postMessage(msg);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
}

function perform(req) {
    return new Promise((resolve) => {
        const lib = req.tls ? https : http;
        const options = {
            method: req.method,
            path: req.path,
            headers: req.headers,
            agent: req.tls ? agents.https : agents.http,
        };
        if (req.socketPath) options.socketPath = req.socketPath;
        else {
            options.host = req.host;
            options.port = req.port;
        }
        let done = false;
        const finish = (msg) => {
            if (!done) {
                done = true;
                resolve(msg);
            }
        };
        let r;
        try {
            r = lib.request(options, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => finish({ status: res.statusCode, headers: res.headers,
                    body: Buffer.concat(chunks).toString('utf8') }));
                res.on('error', (e) => finish({ error: e.message, errorCode: e.code }));
                res.on('aborted',
                    () => finish({ error: 'connection closed by server', errorCode: 'ECONNRESET' }));
            });
        } catch (e) {
            finish({ error: e.message, errorCode: e.code });
            return;
        }
        r.setTimeout(req.timeoutMs, () => {
            r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
        });
        // --server.connection-timeout: only the connect phase of a fresh socket is bounded by it.
        r.on('socket', (sock) => {
            if (!sock.connecting || !req.connectTimeoutMs) return;
            const t = setTimeout(() => {
                r.destroy(Object.assign(new Error('connect timeout'), { code: 'ECONNTIMEOUT' }));
            }, req.connectTimeoutMs);
            sock.once(req.tls ? 'secureConnect' : 'connect', () => clearTimeout(t));
            sock.once('close', () => clearTimeout(t));
        });
        r.on('error', (e) => finish({ error: e.message, errorCode: e.code }));
        if (req.body !== undefined && req.body !== null) r.write(req.body);
        r.end();
    });
}

parentPort.on('message', (req) => {
    if (req.op === 'reset') {
        agents.http.destroy();
        agents.https.destroy();
        agents.http = new http.Agent({ keepAlive: true, maxSockets: 4 });
        agents.https = new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false });
        reply({ ok: true });
        return;
    }
    perform(req).then(reply, (e) => reply({ error: String(e && e.message), errorCode: 'EINTERNAL' }));
});
