'use strict';
// The shell's server connection: endpoint, database, credentials and the synchronous HTTP bridge.

const { SyncHttp, parseEndpoint } = require('./sync_http');

class Connection {
    // authHeader: the Authorization value computed by sim/tools/lib/client.js clientSetup (or null).
    constructor({ endpoint, database, authHeader, username, requestTimeoutMs, connectTimeoutMs, http }) {
        this.endpoint = endpoint;
        this.database = database;
        this.authHeaderValue = authHeader;
        this.username = username;
        this.requestTimeoutMs = requestTimeoutMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.http = http || new SyncHttp();
        this.ep = endpoint === 'none' ? null : parseEndpoint(endpoint);
        this.connected = false;
        this.lastError = '';
        this.versionInfo = null;
    }

    displayEndpoint() {
        return this.ep ? this.ep.display : this.endpoint;
    }

    notConnectedText() {
        return this.endpoint === 'none' ? 'not connected' : `invalid endpoint '${this.endpoint}'`;
    }

    authHeader() {
        return this.authHeaderValue || undefined;
    }

    // Returns {status, headers, body} or {error}.
    request(method, urlPath, body, headers = {}) {
        if (!this.ep) return { error: this.notConnectedText() };
        const h = { ...headers };
        const auth = this.authHeader();
        if (auth && !Object.keys(h).some((k) => k.toLowerCase() === 'authorization')) h.Authorization = auth;
        if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
            h['Content-Type'] = 'application/json';
        h['x-arango-source'] = 'arangosh';
        const r = this.http.request(this.ep, method, urlPath, body, h, this.requestTimeoutMs,
            this.connectTimeoutMs);
        if (r.error !== undefined) {
            this.connected = false;
            return { error: connectErrorText(this.ep, r) };
        }
        return r;
    }

    // What arangosh does at start-up: ask the server for its version in the selected database. Returns
    // true when connected; otherwise lastError holds the reason.
    connect() {
        this.connected = false;
        if (!this.ep) {
            this.lastError = this.notConnectedText();
            return false;
        }
        const r = this.request('GET', `/_db/${encodeURIComponent(this.database)}/_api/version?details=true`);
        if (r.error !== undefined) {
            this.lastError = r.error;
            return false;
        }
        let body = null;
        try { body = JSON.parse(r.body); } catch (_) { /* reported below */ }
        if (r.status !== 200 || !body || typeof body.version !== 'string') {
            this.lastError = body && body.errorMessage ? body.errorMessage : `HTTP ${r.status}`;
            return false;
        }
        this.versionInfo = body;
        this.connected = true;
        return true;
    }

    reconnect(endpoint, database, username, password) {
        this.endpoint = endpoint;
        this.database = database;
        this.ep = endpoint === 'none' ? null : parseEndpoint(endpoint);
        // arango.reconnect(endpoint, db, user, password) switches to basic authentication, as arangosh does.
        if (password !== undefined || (username !== undefined && username !== this.username)) {
            this.username = username === undefined ? this.username : username;
            const secret = password === undefined ? '' : password;
            this.authHeaderValue = 'Basic ' + Buffer.from(`${this.username}:${secret}`).toString('base64');
        }
        this.http.reset();
        return this.connect();
    }
}

function connectErrorText(ep, r) {
    if (r.errorCode === 'ECONNREFUSED')
        return `Could not connect to '${ep.display}' 'connect() failed with #111 - Connection refused'`;
    if (r.errorCode === 'ETIMEDOUT') return `Request timeout reached, '${ep.display}'`;
    if (r.errorCode === 'ECONNTIMEOUT') return `Could not connect to '${ep.display}' 'connect() timed out'`;
    return `Could not connect to '${ep.display}' '${r.error}'`;
}

module.exports = { Connection };
