'use strict';
// Synchronous HTTP for the arangosh stand-in: arangosh's JavaScript API (db._query, collection.save,
// arango.GET, ...) is synchronous, but Node's network stack is not. We bridge the two with one worker
// thread that owns the sockets: the main thread posts a request, blocks in Atomics.wait on a shared
// Int32Array, and picks the reply up with receiveMessageOnPort once the worker flips the flag.
//
// Cost (measured on the dev box): ~30 ms once to boot the worker (only when a connection is needed;
// `--server.endpoint none` never starts it) and ~0.1 ms per round trip on top of the HTTP request itself,
// with keep-alive connections reused across requests. The alternative, a synchronous child process per
// request (child_process.spawnSync), costs ~40 ms per request and was rejected for the loop scripts.

const path = require('path');
const { Worker, MessageChannel, receiveMessageOnPort } = require('worker_threads');

// Accepts every endpoint spelling the client tools accept (tcp://, ssl://, http+tcp://, http+ssl://,
// http://, https://, unix://, http+unix://) and returns what http.request needs.
function parseEndpoint(endpoint) {
    const m = /^(tcp|ssl|http\+tcp|http\+ssl|http|https|unix|http\+unix):\/\/(.*)$/.exec(endpoint);
    if (!m) return null;
    const scheme = m[1];
    const rest = m[2];
    if (scheme === 'unix' || scheme === 'http+unix')
        return { tls: false, socketPath: rest, display: endpoint };
    const tls = scheme === 'ssl' || scheme === 'http+ssl' || scheme === 'https';
    let host;
    let port;
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
    if (v6) {
        host = v6[1];
        port = v6[2];
    } else {
        const hp = /^([^:/]+)(?::(\d+))?\/?$/.exec(rest);
        if (!hp) return null;
        host = hp[1];
        port = hp[2];
    }
    port = Number(port || 8529);
    return { tls, host, port, display: `http+${tls ? 'ssl' : 'tcp'}://${v6 ? `[${host}]` : host}:${port}` };
}

class SyncHttp {
    constructor() {
        this.worker = null;
    }

    start() {
        if (this.worker) return;
        this.flag = new Int32Array(new SharedArrayBuffer(8));
        this.startedAt = Date.now();
        const { port1, port2 } = new MessageChannel();
        this.port = port1;
        this.worker = new Worker(path.join(__dirname, 'http_worker.js'), {
            workerData: { sab: this.flag.buffer, port: port2 },
            transferList: [port2],
            stdout: false,
            stderr: false,
        });
        this.worker.unref();
        this.port.unref();
    }

    // Blocks until the worker replies. The safety timeout only guards against a dead worker: the worker
    // enforces the request timeout itself and always replies.
    call(msg, timeoutMs) {
        this.start();
        Atomics.store(this.flag, 0, 0);
        this.worker.postMessage(msg);
        const limit = Date.now() + timeoutMs + 10000;
        while (Atomics.load(this.flag, 0) === 0) {
            if (Date.now() > limit) return { error: 'no reply from the HTTP worker', errorCode: 'EWORKER' };
            // A worker that never came up (it failed to load) must not leave the shell waiting.
            if (Atomics.load(this.flag, 1) === 0 && Date.now() - this.startedAt > 30000)
                return { error: 'the HTTP worker did not start', errorCode: 'EWORKER' };
            Atomics.wait(this.flag, 0, 0, 500);
        }
        const r = receiveMessageOnPort(this.port);
        return r ? r.message : { error: 'lost reply from the HTTP worker', errorCode: 'EWORKER' };
    }

    // ep: result of parseEndpoint. Returns {status, headers, body} or {error, errorCode}.
    request(ep, method, urlPath, body, headers, timeoutMs, connectTimeoutMs) {
        const msg = { method, path: urlPath, body, headers, timeoutMs, connectTimeoutMs, tls: ep.tls,
            host: ep.host, port: ep.port, socketPath: ep.socketPath };
        let r = this.call(msg, timeoutMs);
        // A kept-alive socket the server closed while idle fails the next request; retry only what is safe.
        const stale = r.errorCode === 'ECONNRESET' || r.errorCode === 'EPIPE';
        if (r.error && stale && (method === 'GET' || method === 'HEAD')) r = this.call(msg, timeoutMs);
        return r;
    }

    reset() {
        if (this.worker) this.call({ op: 'reset' }, 1000);
    }
}

module.exports = { SyncHttp, parseEndpoint };
