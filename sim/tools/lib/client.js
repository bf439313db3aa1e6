'use strict';
// Server connection for the stand-in tools: the --server.* checks of ClientFeature, the password prompt,
// JWT handling and a small promise-based HTTP client.
//
// API (stable, also used by sim/tools/arangosh):
//   clientSetup(parsed) -> setup {endpoints, database, username, authHeader, connectTimeoutMs,
//                                 requestTimeoutMs, authentication}
//       Runs ClientFeature's validation (FATAL exit 1) and prompts for a password exactly when the real tool
//       does: authentication on, no JWT option, and --server.password not given at all. The prompt
//       "Please specify a password: " goes to stdout and one line is read from stdin (blocking; EOF = empty).
//   httpClient(setup, endpointIndex = 0) -> client {endpoint, database,
//       request(method, path, {body, headers, database, query, timeoutMs}) -> Promise<response>}
//       response: {status, headers, body: Buffer, text, json (parsed or undefined)}. `path` is relative to
//       /_db/<database> unless it already starts with /_db/ or `database: null` is passed.
//   connect(client, log, setup) -> Promise<versionJson>: GET /_api/version; on failure logs the real
//       "Could not connect to endpoint ..." lines and exits 1.
//   makeJwt(secret, payload) -> HS256 token; parseEndpoint(string) -> {protocol, host, port, socketPath}.

const fs = require('fs');
const { fatal } = require('./options');
const { writeAllSync } = require('./io');

function parseEndpoint(ep) {
    let m = /^(?:http\+)?(tcp|ssl|unix|http|https):\/\/(.*)$/.exec(ep);
    if (!m) return null;
    const scheme = m[1];
    if (scheme === 'unix') return { tls: false, socketPath: m[2] };
    const tls = scheme === 'ssl' || scheme === 'https';
    const rest = m[2].replace(/\/+$/, '');
    let host, port;
    if ((m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest))) {
        host = m[1];
        port = m[2];
    } else if ((m = /^([^:/]+)(?::(\d+))?$/.exec(rest))) {
        host = m[1];
        port = m[2];
    } else
        return null;
    return { tls, host, port: Number(port || 8529) };
}

// Reads one line from stdin synchronously, as the real tools' getline does; blocks on an open pipe.
function readLineSync() {
    const buf = Buffer.alloc(1);
    let line = '';
    for (;;) {
        let n;
        try {
            n = fs.readSync(0, buf, 0, 1, null);
        } catch (e) {
            if (e.code === 'EAGAIN') {
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
                continue;
            }
            return line;
        }
        if (n === 0) return line;
        const c = buf.toString('utf8', 0, 1);
        if (c === '\n') return line.replace(/\r$/, '');
        line += c;
    }
}

function b64url(x) {
    return Buffer.from(x).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function makeJwt(secret, payload) {
    const crypto = require('crypto');
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    const sig = crypto.createHmac('sha256', secret)
                    .update(`${head}.${body}`)
                    .digest('base64')
                    .replace(/=+$/, '')
                    .replace(/\+/g, '-')
                    .replace(/\//g, '_');
    return `${head}.${body}.${sig}`;
}

function clientSetup(parsed) {
    const { tool, options: o, explicit } = parsed;
    const die = (msg) => fatal(tool, msg, 1, '11d39', 'config');
    for (const ep of o['server.endpoint']) {
        if (ep === 'none' && tool === 'arangosh') continue;
        const p = parseEndpoint(ep);
        if (!p) die(`invalid value for --server.endpoint ('${ep}')`);
        if (p.host === '0.0.0.0' || p.host === '::')
            die(`endpoint '${
                    ep}' contains an invalid address. '0.0.0.0' and '::' are only allowed for servers ` +
                'binding - not for clients connecting');
    }
    if (o['server.connection-timeout'] < 0) die('invalid value for --server.connect-timeout, must be >= 0');
    if (o['server.request-timeout'] < 0) die('invalid value for --server.request-timeout, must be positive');
    if (o['server.max-packet-size'] < 1024 * 1024)
        die('invalid value for --server.max-packet-size, must be at least 1048576');
    if (o['server.username'] === '') die('no value specified for --server.username');
    const jwtOpts = ['server.ask-jwt-secret', 'server.jwt-secret-keyfile', 'server.jwt-token'].filter(
        (n) => explicit.has(n) && o[n]);
    if (jwtOpts.length > 1) die(`cannot specify both --${jwtOpts[0]} and --${jwtOpts[1]}`);
    let authentication = o['server.authentication'];
    if (explicit.has('server.username')) authentication = true;
    let authHeader = null;
    if (jwtOpts.length === 1) {
        for (const n of ['server.username', 'server.password'])
            if (explicit.has(n)) die(`cannot specify both --${n} and --${jwtOpts[0]}`);
        authentication = false;
        const which = jwtOpts[0];
        if (which === 'server.jwt-token') {
            let token = o['server.jwt-token'];
            if (token === '-') {
                writeAllSync(1, 'Please specify the JWT token: ');
                token = readLineSync().trim();
            }
            authHeader = `bearer ${token}`;
        } else {
            let secret;
            if (which === 'server.jwt-secret-keyfile') {
                try {
                    secret = fs.readFileSync(o['server.jwt-secret-keyfile'], 'utf8').trim();
                } catch (_) { die(`cannot read JWT secret file '${o['server.jwt-secret-keyfile']}'`); }
            } else {
                writeAllSync(1, 'Please specify the JWT secret: ');
                secret = readLineSync();
            }
            authHeader = `bearer ${
                makeJwt(
                    secret,
                    { iss: 'arangodb', server_id: 'arangosim-tool', iat: Math.floor(Date.now() / 1000) })}`;
        }
    } else if (authentication) {
        let password = o['server.password'];
        if (!explicit.has('server.password')) {
            writeAllSync(1, 'Please specify a password: ');
            password = readLineSync();
            writeAllSync(1, '\n');
        }
        authHeader = 'Basic ' + Buffer.from(`${o['server.username']}:${password}`).toString('base64');
    }
    const secs = (v) => (v === 0 ? 86400 : v) * 1000;
    return {
        endpoints: o['server.endpoint'],
        database: o['server.database'],
        username: o['server.username'],
        authHeader,
        authentication,
        connectTimeoutMs: secs(o['server.connection-timeout']),
        requestTimeoutMs: secs(o['server.request-timeout']),
    };
}

function httpClient(setup, endpointIndex = 0) {
    const endpoint = setup.endpoints[endpointIndex % setup.endpoints.length];
    const ep = parseEndpoint(endpoint);
    const mod = ep && ep.tls ? require('https') : require('http');
    const agent = new mod.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });

    function request(method, p, opts = {}) {
        const db = opts.database === undefined ? setup.database : opts.database;
        let full = p;
        if (db !== null && !p.startsWith('/_db/')) full = `/_db/${encodeURIComponent(db)}${p}`;
        if (opts.query) {
            const qs = Object.entries(opts.query)
                           .filter(([, v]) => v !== undefined)
                           .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
                           .join('&');
            if (qs) full += (full.includes('?') ? '&' : '?') + qs;
        }
        let body = opts.body;
        const headers = {...(opts.headers || {}) };
        if (body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') {
            body = JSON.stringify(body);
            headers['content-type'] = headers['content-type'] || 'application/json';
        }
        if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
        if (setup.authHeader) headers.authorization = setup.authHeader;
        return new Promise((resolve, reject) => {
            const req = mod.request(
                {
                    method,
                    path: full,
                    headers,
                    agent,
                    host: ep.host,
                    port: ep.port,
                    socketPath: ep.socketPath,
                    rejectUnauthorized: false,
                    timeout: opts.timeoutMs || setup.requestTimeoutMs,
                },
                (res) => {
                    const chunks = [];
                    res.on('data', (c) => chunks.push(c));
                    res.on('end', () => {
                        const b = Buffer.concat(chunks);
                        const text = b.toString('utf8');
                        let json;
                        try {
                            json = text.length ? JSON.parse(text) : undefined;
                        } catch (_) { json = undefined; }
                        resolve({ status: res.statusCode, headers: res.headers, body: b, text, json });
                    });
                    res.on('error', reject);
                });
            req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
            req.on('error', reject);
            if (body !== undefined) req.write(body);
            req.end();
        });
    }
    return { endpoint, database: setup.database, request, close: () => agent.destroy() };
}

function describeNetError(endpoint, e) {
    const codes = {
        ECONNREFUSED: 'connect() failed with #111 - Connection refused',
        ETIMEDOUT: 'timeout',
        ECONNRESET: 'Connection reset by peer',
        ENOENT: 'No such file or directory'
    };
    return `Could not connect to '${endpoint}' '${codes[e.code] || e.message}'`;
}

async function connect(client, log, setup) {
    const fail = (msg) => {
        log.error(
            'ad396',
            `Could not connect to endpoint '${client.endpoint}', database: '${setup.database}', ` +
                `username: '${setup.username}'`);
        log.error('b1ad6', `Error message: '${msg}'`);
        process.exit(1);
    };
    let r;
    try {
        r = await client.request('GET', '/_api/version');
    } catch (e) { return fail(describeNetError(client.endpoint, e)); }
    if (r.status !== 200) {
        const msg = (r.json && r.json.errorMessage) || `HTTP ${r.status}`;
        return fail(msg);
    }
    return r.json;
}

// Formats a non-2xx response the way 3.4+ tools report server errors.
function serverError(r, what) {
    const msg = r.json && r.json.errorMessage ? r.json.errorMessage : r.text;
    const num = r.json && r.json.errorNum ? r.json.errorNum : r.status;
    return `got invalid response from server: HTTP ${r.status}: '${msg}' (errorNum ${num}) while executing ${
        what}`;
}

module.exports = {
    clientSetup,
    httpClient,
    connect,
    makeJwt,
    parseEndpoint,
    readLineSync,
    serverError
};
