// The arangosh API subset, evaluated INSIDE the script's vm context (compiled by shell.js with
// vm.compileFunction(source, ['host', 'global'])), so every object a script sees (documents, arrays,
// errors) belongs to the script's own realm: `instanceof Array` and `instanceof ArangoError` behave as in
// arangosh. This file is a function body, not a module; `host` holds the few native primitives
// (synchronous HTTP, file system, output), mirroring arangosh's SYS_* functions.
//
// Names outside the subset throw "arangosh simulator: <name> is not supported" instead of misbehaving.

'use strict';

const inspectNames = new Set(['then', 'toJSON', 'inspect', 'constructor', 'valueOf', 'toString',
    'asymmetricMatch', 'nodeType', '$$typeof', '_PRINT', 'hasOwnProperty', 'isPrototypeOf',
    'propertyIsEnumerable', 'toLocaleString', '__proto__', '_isArangoCollection', 'toAQL']);

function unsupported(what) {
    return new Error(`arangosh simulator: ${what} is not supported`);
}

// Wraps an API object so that reading a name it lacks throws loudly instead of yielding undefined.
function strict(target, label, fallback) {
    return new Proxy(target, {
        get(t, prop, receiver) {
            if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
            if (fallback) {
                const r = fallback(prop);
                if (r !== undefined) return r;
            }
            if (inspectNames.has(prop)) return undefined;
            throw unsupported(`${label}${prop}`);
        },
    });
}

// --- errors ---------------------------------------------------------------------------------------------

class ArangoError extends Error {
    constructor(error) {
        super(error && error.errorMessage !== undefined ? String(error.errorMessage) : '');
        this.name = 'ArangoError';
        this.error = true;
        this.code = error && error.code !== undefined ? error.code : 500;
        this.errorNum = error && error.errorNum !== undefined ? error.errorNum : 1;
        this.errorMessage = this.message;
    }

    toString() {
        return `ArangoError ${this.errorNum}: ${this.errorMessage}`;
    }
}

const errorTable = JSON.parse(host.errorsJSON);
const errors = {};
for (const name of Object.keys(errorTable))
    errors[name] = Object.freeze({ code: errorTable[name][0], message: errorTable[name][1] });
const strictErrors = strict(errors, "require('@arangodb').errors.");

function arangoError(num, message, code = 500) {
    return new ArangoError({ errorNum: num, errorMessage: message, code });
}

// --- output ---------------------------------------------------------------------------------------------

function print(...args) {
    host.print(host.printArgs(args));
}

const console = {
    log: (...a) => host.print(host.printArgs(a)),
    info: (...a) => host.print(host.printArgs(a)),
    debug: (...a) => host.print(host.printArgs(a)),
    warn: (...a) => host.printErr(host.printArgs(a)),
    error: (...a) => host.printErr(host.printArgs(a)),
};

// --- connection -----------------------------------------------------------------------------------------

const conn = {
    database: host.initialDatabase,
    trxId: undefined, // set while db._executeTransaction runs its action
};

function dbPath(url, database = conn.database) {
    if (url.startsWith('/_db/') || url.startsWith('/_open/')) return url;
    if (!url.startsWith('/')) url = '/' + url;
    return `/_db/${encodeURIComponent(database)}${url}`;
}

function toBody(body) {
    if (body === undefined || body === null) return undefined;
    return typeof body === 'string' ? body : JSON.stringify(body);
}

function rawRequest(method, url, body, headers) {
    if (conn.trxId !== undefined) headers = Object.assign({}, headers || {}, { 'x-arango-trx-id': conn.trxId });
    const r = host.http(method, dbPath(url), toBody(body), headers ? JSON.stringify(headers) : undefined);
    if (r.error !== undefined) {
        throw arangoError(2001, r.error, 503);  // ERROR_SIMPLE_CLIENT_COULD_NOT_CONNECT
    }
    return { code: r.status, body: r.body, headers: JSON.parse(r.headersJSON) };
}

function parseBody(text) {
    if (text === undefined || text === '') return undefined;
    try { return JSON.parse(text); } catch (e) { return text; }
}

// The request helper behind the db and collection API: JSON in, JSON out, ArangoDB errors thrown.
function api(method, url, body, headers) {
    const r = rawRequest(method, url, body, headers);
    const parsed = parseBody(r.body);
    const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    if (r.code >= 400 || (isObject && parsed.error === true)) {
        if (isObject && parsed.errorNum !== undefined) throw new ArangoError(parsed);
        throw arangoError(r.code, `${r.code} ${typeof parsed === 'string' ? parsed : 'HTTP error'}`, r.code);
    }
    return parsed;
}

function query(params) {
    const parts = [];
    for (const k of Object.keys(params)) {
        if (params[k] !== undefined && params[k] !== null)
            parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`);
    }
    return parts.length ? '?' + parts.join('&') : '';
}

const arango = strict({
    GET: (url, headers) => parseBody(rawRequest('GET', url, undefined, headers).body),
    HEAD: (url, headers) => rawRequest('HEAD', url, undefined, headers),
    DELETE: (url, body, headers) => parseBody(rawRequest('DELETE', url, body, headers).body),
    POST: (url, body, headers) => parseBody(rawRequest('POST', url, body, headers).body),
    PUT: (url, body, headers) => parseBody(rawRequest('PUT', url, body, headers).body),
    PATCH: (url, body, headers) => parseBody(rawRequest('PATCH', url, body, headers).body),
    GET_RAW: (url, headers) => withParsed(rawRequest('GET', url, undefined, headers)),
    DELETE_RAW: (url, body, headers) => withParsed(rawRequest('DELETE', url, body, headers)),
    POST_RAW: (url, body, headers) => withParsed(rawRequest('POST', url, body, headers)),
    PUT_RAW: (url, body, headers) => withParsed(rawRequest('PUT', url, body, headers)),
    PATCH_RAW: (url, body, headers) => withParsed(rawRequest('PATCH', url, body, headers)),
    getEndpoint: () => host.endpoint(),
    getDatabaseName: () => conn.database,
    isConnected: () => host.isConnected(),
    connectedUser: () => host.username(),
    protocol: () => (host.endpoint().includes('ssl') ? 'ssl' : 'tcp'),
    lastErrorMessage: () => '',
    getVersion: () => api('GET', '/_api/version').version,
    reconnect: (endpoint, database, username, password) => {
        const ok = host.reconnect(endpoint === undefined ? host.endpoint() : String(endpoint),
            database === undefined ? conn.database : String(database),
            username === undefined ? undefined : String(username),
            password === undefined ? undefined : String(password));
        if (database !== undefined) conn.database = String(database);
        resetCollections();
        if (!ok) throw arangoError(2001, host.lastConnectError(), 503);  // could not connect
        return true;
    },
    _PRINT: () => `[object ArangoConnection:${host.endpoint()},connected]`,
}, 'arango.');

function withParsed(r) {
    const parsed = parseBody(r.body);
    if (parsed !== undefined && typeof parsed === 'object') r.parsedBody = parsed;
    r.error = r.code >= 400;
    return r;
}

// --- cursors --------------------------------------------------------------------------------------------

class ArangoQueryCursor {
    constructor(data) {
        this._documents = data.result || [];
        this._pos = 0;
        this._hasMore = !!data.hasMore;
        this._id = data.id;
        this._count = data.count;
        this._extra = data.extra;
        this._cached = !!data.cached;
    }

    hasNext() {
        if (this._pos < this._documents.length) return true;
        if (!this._hasMore) return false;
        const data = api('PUT', `/_api/cursor/${encodeURIComponent(this._id)}`);
        this._documents = data.result || [];
        this._pos = 0;
        this._hasMore = !!data.hasMore;
        return this._documents.length > 0 || this._hasMore;
    }

    next() {
        return this.hasNext() ? this._documents[this._pos++] : undefined;
    }

    toArray() {
        const out = [];
        while (this.hasNext()) out.push(this._documents[this._pos++]);
        return out;
    }

    count() {
        return this._count;
    }

    getExtra() {
        return this._extra;
    }

    dispose() {
        if (this._hasMore && this._id !== undefined) {
            try {
                api('DELETE', `/_api/cursor/${encodeURIComponent(this._id)}`);
            } catch (e) { /* the server already dropped it */ }
        }
        this._hasMore = false;
        this._documents = [];
    }

    _PRINT(pretty) {
        const rest = this.toArray();
        const count = this._count !== undefined ? ', count: ' + this._count : '';
        return `[object ArangoQueryCursor${count}, cached: ${this._cached}, hasMore: false]\n\n` +
            host.inspect(rest, pretty);
    }
}

function makeCursor(data) {
    return strict(new ArangoQueryCursor(data), 'cursor.');
}

function runQuery(q, bindVars, options) {
    let body;
    if (q && typeof q === 'object') {
        body = { query: q.query, bindVars: q.bindVars || {} };
        for (const k of Object.keys(q)) if (k !== 'query' && k !== 'bindVars') body[k] = q[k];
        if (bindVars && typeof bindVars === 'object') Object.assign(body, bindVars);
    } else {
        body = { query: String(q), bindVars: bindVars || {} };
        if (options && typeof options === 'object') {
            for (const k of Object.keys(options)) {
                if (k === 'count' || k === 'batchSize' || k === 'ttl' || k === 'cache' || k === 'memoryLimit')
                    body[k] = options[k];
                else (body.options = body.options || {})[k] = options[k];
            }
        }
    }
    return makeCursor(api('POST', '/_api/cursor', body));
}

// aql`...` template: values become bind parameters, collections become @@collection parameters.
function aql(strings, ...args) {
    let text = strings[0];
    const bindVars = {};
    args.forEach((value, i) => {
        if (value && typeof value === 'object' && typeof value._isArangoCollection === 'function') {
            bindVars[`@value${i}`] = value.name();
            text += `@@value${i}`;
        } else if (value && typeof value === 'object' && typeof value.toAQL === 'function') {
            text += value.toAQL();
        } else {
            bindVars[`value${i}`] = value;
            text += `@value${i}`;
        }
        text += strings[i + 1];
    });
    return { query: text, bindVars };
}

// --- collections ----------------------------------------------------------------------------------------

const collectionCache = new Map();

function resetCollections() {
    collectionCache.clear();
}

const TYPE_NAMES = { 2: 'document', 3: 'edge' };

function badHandle() {
    return arangoError(errors.ERROR_ARANGO_DOCUMENT_HANDLE_BAD.code, 'illegal document identifier', 400);
}

function keyOf(collectionName, selector) {
    let s = selector;
    if (s && typeof s === 'object') {
        if (s._key !== undefined) return String(s._key);
        if (s._id !== undefined) s = s._id;
        else throw badHandle();
    }
    s = String(s);
    const slash = s.indexOf('/');
    if (slash < 0) return s;
    if (s.slice(0, slash) !== collectionName) {
        const e = errors.ERROR_ARANGO_CROSS_COLLECTION_REQUEST;
        throw arangoError(e.code, e.message, 400);
    }
    return s.slice(slash + 1);
}

function revHeader(selector, opts) {
    if (selector && typeof selector === 'object' && selector._rev !== undefined && !(opts && opts.overwrite))
        return { 'If-Match': String(selector._rev) };
    return undefined;
}

function modifyOptions(opts, allowed) {
    const out = {};
    if (typeof opts === 'boolean') opts = { overwrite: opts };
    if (!opts || typeof opts !== 'object') return out;
    for (const k of allowed) if (opts[k] !== undefined) out[k] = opts[k];
    return out;
}

const WRITE_FLAGS = ['waitForSync', 'returnNew', 'returnOld', 'silent', 'keepNull', 'mergeObjects',
    'overwrite', 'overwriteMode', 'ignoreRevs'];

class ArangoCollection {
    constructor(info) {
        this._name = info.name;
        this._id = info.id;
        this._type = info.type;
    }

    _isArangoCollection() {
        return true;
    }

    _url(suffix = '') {
        return `/_api/collection/${encodeURIComponent(this._name)}${suffix}`;
    }

    _docUrl(key) {
        const base = `/_api/document/${encodeURIComponent(this._name)}`;
        return key === undefined ? base : `${base}/${encodeURIComponent(key)}`;
    }

    name() {
        return this._name;
    }

    type() {
        return this._type;
    }

    status() {
        return 3;
    }

    properties(props) {
        if (props !== undefined) return api('PUT', this._url('/properties'), props);
        return api('GET', this._url('/properties'));
    }

    figures() {
        return api('GET', this._url('/figures')).figures;
    }

    revision() {
        return api('GET', this._url('/revision')).revision;
    }

    checksum(withRevisions, withData) {
        return api('GET', this._url('/checksum') + query({ withRevisions: !!withRevisions, withData: !!withData }));
    }

    rename(name) {
        api('PUT', this._url('/rename'), { name: String(name) });
        collectionCache.delete(this._name);
        this._name = String(name);
        collectionCache.set(this._name, this);
    }

    // Index handles are "<collection>/<id>"; a bare id or an index name works too.
    _indexUrl(handle) {
        let h = handle && typeof handle === 'object' ? handle.id : String(handle);
        if (h.indexOf('/') >= 0) h = h.slice(h.indexOf('/') + 1);
        return `/_api/index/${encodeURIComponent(this._name)}/${encodeURIComponent(h)}`;
    }

    ensureIndex(definition) {
        if (definition === null || typeof definition !== 'object' || Array.isArray(definition))
            throw arangoError(errors.ERROR_BAD_PARAMETER.code, 'invalid index definition', 400);
        const r = api('POST', `/_api/index?collection=${encodeURIComponent(this._name)}`, definition);
        delete r.error;
        delete r.code;
        return r;
    }

    getIndexes(withStats, withHidden) {
        return api('GET', `/_api/index?collection=${encodeURIComponent(this._name)}`).indexes;
    }

    indexes(withStats, withHidden) {
        return this.getIndexes(withStats, withHidden);
    }

    index(handle) {
        const r = api('GET', this._indexUrl(handle));
        delete r.error;
        delete r.code;
        return r;
    }

    dropIndex(handle) {
        const r = rawRequest('DELETE', this._indexUrl(handle));
        if (r.code === 404) return false;
        const parsed = parseBody(r.body);
        if (r.code >= 400) throw new ArangoError(parsed);
        return true;
    }

    _edgeQuery(vertex, direction) {
        const handles = Array.isArray(vertex) ? vertex : [vertex];
        const out = [];
        for (const v of handles) {
            const id = v && typeof v === 'object' ? v._id : String(v);
            out.push(...api('GET', `/_api/edges/${encodeURIComponent(this._name)}` +
                query({ vertex: id, direction })).edges);
        }
        return out;
    }

    edges(vertex) {
        return this._edgeQuery(vertex, 'any');
    }

    inEdges(vertex) {
        return this._edgeQuery(vertex, 'in');
    }

    outEdges(vertex) {
        return this._edgeQuery(vertex, 'out');
    }

    count() {
        return api('GET', this._url('/count')).count;
    }

    truncate() {
        api('PUT', this._url('/truncate'));
    }

    drop() {
        api('DELETE', this._url());
        collectionCache.delete(this._name);
    }

    save(data, opts) {
        const flags = modifyOptions(opts, WRITE_FLAGS);
        if (Array.isArray(data)) {
            const r = rawRequest('POST', this._docUrl() + query(flags), data);
            const parsed = parseBody(r.body);
            if (!Array.isArray(parsed)) {
                if (parsed && parsed.errorNum !== undefined) throw new ArangoError(parsed);
                throw arangoError(r.code, `unexpected reply ${r.code}`, r.code);
            }
            return parsed;
        }
        if (data === null || typeof data !== 'object')
            throw arangoError(errors.ERROR_ARANGO_DOCUMENT_TYPE_INVALID.code, 'invalid document type', 400);
        return api('POST', this._docUrl() + query(flags), data);
    }

    insert(data, opts) {
        return this.save(data, opts);
    }

    document(selector) {
        if (Array.isArray(selector)) return selector.map((s) => this.document(s));
        return api('GET', this._docUrl(keyOf(this._name, selector)), undefined, revHeader(selector));
    }

    exists(selector) {
        const r = rawRequest('GET', this._docUrl(keyOf(this._name, selector)));
        if (r.code === 404) {
            const parsed = parseBody(r.body);
            if (parsed && parsed.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code) return false;
            throw new ArangoError(parsed && parsed.errorNum !== undefined ? parsed
                : { errorNum: 404, errorMessage: 'not found', code: 404 });
        }
        const doc = parseBody(r.body);
        if (r.code >= 400) throw new ArangoError(doc);
        return { _id: doc._id, _key: doc._key, _rev: doc._rev };
    }

    remove(selector, opts) {
        if (Array.isArray(selector)) return selector.map((s) => this.remove(s, opts));
        const flags = modifyOptions(opts, ['waitForSync', 'returnOld', 'silent', 'overwrite']);
        const headers = revHeader(selector, flags);
        delete flags.overwrite;
        return api('DELETE', this._docUrl(keyOf(this._name, selector)) + query(flags), undefined, headers);
    }

    replace(selector, data, opts) {
        const flags = modifyOptions(opts, WRITE_FLAGS);
        const headers = revHeader(selector, flags);
        delete flags.overwrite;
        return api('PUT', this._docUrl(keyOf(this._name, selector)) + query(flags), data, headers);
    }

    update(selector, data, opts) {
        const flags = modifyOptions(opts, WRITE_FLAGS);
        const headers = revHeader(selector, flags);
        delete flags.overwrite;
        return api('PATCH', this._docUrl(keyOf(this._name, selector)) + query(flags), data, headers);
    }

    all() {
        return runQuery('FOR d IN @@c RETURN d', { '@c': this._name });
    }

    toArray() {
        return this.all().toArray();
    }

    _PRINT() {
        const type = TYPE_NAMES[this._type] || this._type;
        return `[ArangoCollection ${this._id}, "${this._name}" (type ${type}, status loaded)]`;
    }
}

function makeCollection(info) {
    const c = strict(new ArangoCollection(info), 'collection.');
    collectionCache.set(info.name, c);
    return c;
}

// Returns the collection or null when the server does not know it.
function lookupCollection(name) {
    const r = rawRequest('GET', `/_api/collection/${encodeURIComponent(name)}`);
    if (r.code === 404) return null;
    const parsed = parseBody(r.body);
    if (r.code >= 400) throw new ArangoError(parsed && parsed.errorNum !== undefined ? parsed
        : { errorNum: r.code, errorMessage: `HTTP ${r.code}`, code: r.code });
    return makeCollection(parsed);
}

function collectionName(c) {
    return c && typeof c === 'object' && typeof c.name === 'function' ? c.name() : String(c);
}

// --- database -------------------------------------------------------------------------------------------

function documentByHandle(handle) {
    const id = handle && typeof handle === 'object' ? handle._id : String(handle);
    const slash = String(id).indexOf('/');
    if (slash < 0) throw badHandle();
    const c = db._collection(id.slice(0, slash));
    if (!c) {
        const e = errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND;
        throw arangoError(e.code, e.message, 404);
    }
    return c;
}

// db._executeTransaction: the action runs here in the shell, inside a streaming transaction on the server
// (every request it makes carries the transaction id); it commits when the action returns and aborts when
// it throws. Real arangosh ships the action to the server; what the action sees (db, reads of its own
// writes, all-or-nothing) is the same.
function executeTransaction(trx) {
    if (trx === null || typeof trx !== 'object')
        throw arangoError(errors.ERROR_BAD_PARAMETER.code, 'usage: _executeTransaction(<object>)', 400);
    if (conn.trxId !== undefined)
        throw arangoError(1651, 'nested transactions detected', 400);  // ERROR_TRANSACTION_NESTED
    const names = (v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(collectionName));
    const c = trx.collections || {};
    const collections = { read: names(c.read), write: names(c.write), exclusive: names(c.exclusive) };
    let action = trx.action;
    if (typeof action === 'string') {
        // eslint-disable-next-line no-eval
        action = (0, eval)(`(${action})`);
    }
    if (typeof action !== 'function')
        throw arangoError(errors.ERROR_BAD_PARAMETER.code, 'missing/invalid action definition for transaction', 400);
    const body = { collections };
    for (const k of ['waitForSync', 'lockTimeout', 'allowImplicit', 'maxTransactionSize'])
        if (trx[k] !== undefined) body[k] = trx[k];
    const id = api('POST', '/_api/transaction/begin', body).result.id;
    let result;
    conn.trxId = id;
    try {
        result = action(trx.params);
    } catch (e) {
        conn.trxId = undefined;
        rawRequest('DELETE', `/_api/transaction/${encodeURIComponent(id)}`);
        throw e;
    }
    conn.trxId = undefined;
    api('PUT', `/_api/transaction/${encodeURIComponent(id)}`);
    return result;
}

// require('@arangodb/users'), as arangosh's client module has it.
function usersApi(method, suffix, body) {
    const r = api(method, '/_db/_system/_api/user' + suffix, body);
    return r;
}
const userPath = (u) => `/${encodeURIComponent(String(u))}`;
function stripped(r) {
    if (r && typeof r === 'object' && !Array.isArray(r)) {
        delete r.error;
        delete r.code;
    }
    return r;
}
const usersModule = strict({
    save: (user, passwd, active, extra) => {
        const body = { user: String(user) };
        if (passwd !== undefined) body.passwd = String(passwd);
        if (active !== undefined) body.active = !!active;
        if (extra !== undefined) body.extra = extra;
        return stripped(usersApi('POST', '', body));
    },
    document: (user) => stripped(usersApi('GET', userPath(user))),
    exists: (user) => {
        const r = rawRequest('GET', `/_db/_system/_api/user${userPath(user)}`);
        if (r.code === 404) return false;
        if (r.code >= 400) throw new ArangoError(parseBody(r.body));
        return true;
    },
    all: () => usersApi('GET', '').result,
    update: (user, passwd, active, extra) => {
        const body = {};
        if (passwd !== undefined) body.passwd = String(passwd);
        if (active !== undefined) body.active = !!active;
        if (extra !== undefined) body.extra = extra;
        return stripped(usersApi('PATCH', userPath(user), body));
    },
    replace: (user, passwd, active, extra) => {
        const body = { passwd: passwd === undefined ? '' : String(passwd) };
        if (active !== undefined) body.active = !!active;
        if (extra !== undefined) body.extra = extra;
        return stripped(usersApi('PUT', userPath(user), body));
    },
    remove: (user) => {
        usersApi('DELETE', userPath(user));
    },
    grantDatabase: (user, database, type = 'rw') => {
        usersApi('PUT', `${userPath(user)}/database/${encodeURIComponent(database)}`, { grant: type });
    },
    revokeDatabase: (user, database) => {
        usersApi('DELETE', `${userPath(user)}/database/${encodeURIComponent(database)}`);
    },
    grantCollection: (user, database, coll, type = 'rw') => {
        usersApi('PUT', `${userPath(user)}/database/${encodeURIComponent(database)}/${encodeURIComponent(collectionName(coll))}`,
            { grant: type });
    },
    revokeCollection: (user, database, coll) => {
        usersApi('DELETE', `${userPath(user)}/database/${encodeURIComponent(database)}/${encodeURIComponent(collectionName(coll))}`);
    },
    permission: (user, database, coll) => {
        if (database === undefined) return usersApi('GET', `${userPath(user)}/database?full=true`).result;
        let suffix = `${userPath(user)}/database/${encodeURIComponent(database)}`;
        if (coll !== undefined) suffix += `/${encodeURIComponent(collectionName(coll))}`;
        return usersApi('GET', suffix).result;
    },
    reload: () => undefined,
}, "require('@arangodb/users').");

const database = {
    _name: () => conn.database,
    _version: (details) => {
        const v = api('GET', '/_api/version' + (details ? '?details=true' : ''));
        return details ? v : v.version;
    },
    _query: (q, bindVars, options) => runQuery(q, bindVars, options),
    _create: (name, properties, type, options) => {
        const body = Object.assign({}, properties || {}, { name: String(name) });
        if (type === 'edge' || type === 3) body.type = 3;
        else if (type === 'document' || type === 2 || body.type === undefined) body.type = body.type || 2;
        const flags = modifyOptions(options, ['waitForSyncReplication', 'enforceReplicationFactor']);
        return makeCollection(api('POST', '/_api/collection' + query(flags), body));
    },
    _createDocumentCollection: (name, properties) => database._create(name, properties, 'document'),
    _createEdgeCollection: (name, properties) => database._create(name, properties, 'edge'),
    _collection: (name) => lookupCollection(collectionName(name)),
    _collections: () => {
        const list = api('GET', '/_api/collection').result || [];
        return list.map((info) => makeCollection(info));
    },
    _drop: (name, options) => {
        const n = collectionName(name);
        const flags = modifyOptions(options, ['isSystem']);
        const r = rawRequest('DELETE', `/_api/collection/${encodeURIComponent(n)}` + query(flags));
        collectionCache.delete(n);
        if (r.code === 404) return undefined;
        const parsed = parseBody(r.body);
        if (r.code >= 400) throw new ArangoError(parsed);
        return undefined;
    },
    _truncate: (name) => {
        api('PUT', `/_api/collection/${encodeURIComponent(collectionName(name))}/truncate`);
    },
    _document: (handle) => documentByHandle(handle).document(handle),
    _exists: (handle) => documentByHandle(handle).exists(handle),
    _remove: (handle, opts) => documentByHandle(handle).remove(handle, opts),
    _replace: (handle, data, opts) => documentByHandle(handle).replace(handle, data, opts),
    _update: (handle, data, opts) => documentByHandle(handle).update(handle, data, opts),
    _useDatabase: (name) => {
        const n = String(name);
        const r = rawRequest('GET', `/_db/${encodeURIComponent(n)}/_api/database/current`);
        if (r.code >= 400) {
            const parsed = parseBody(r.body);
            throw new ArangoError(parsed && parsed.errorNum !== undefined ? parsed
                : { errorNum: errors.ERROR_ARANGO_DATABASE_NOT_FOUND.code, errorMessage: 'database not found',
                    code: 404 });
        }
        conn.database = n;
        resetCollections();
        return true;
    },
    _createDatabase: (name, options, users) => {
        const body = { name: String(name) };
        if (options) body.options = options;
        if (users) body.users = users;
        api('POST', '/_api/database', body);
        return true;
    },
    _dropDatabase: (name) => {
        api('DELETE', `/_api/database/${encodeURIComponent(String(name))}`);
        return true;
    },
    _databases: () => api('GET', '/_api/database').result,
    _executeTransaction: (trx) => executeTransaction(trx),
    _parse: (q) => {
        const r = api('POST', '/_api/query', { query: typeof q === 'object' && q ? q.query : String(q) });
        delete r.error;
        delete r.code;
        return r;
    },
    _PRINT: () => `[object ArangoDatabase "${conn.database}"]`,
};

// db.<name> resolves collections like arangosh (undefined when there is none); db._<unknown> is loud.
const db = new Proxy(database, {
    get(t, prop, receiver) {
        if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
        if (inspectNames.has(prop)) return undefined;
        if (prop.startsWith('_')) throw unsupported(`db.${prop}`);
        if (collectionCache.has(prop)) return collectionCache.get(prop);
        const c = lookupCollection(prop);
        return c === null ? undefined : c;
    },
    set() {
        throw unsupported('assigning to db.<name>');
    },
});

// --- modules --------------------------------------------------------------------------------------------

const env = JSON.parse(host.envJSON);

function fsCall(op, ...args) {
    try {
        return host.fs(op, args);
    } catch (e) {
        const code = e && e.code === 'ENOENT' ? errors.ERROR_FILE_NOT_FOUND.code
            : errors.ERROR_SYS_ERROR.code;
        throw arangoError(code, `${op}: ${e && e.message}`, 500);
    }
}

const fsModule = strict({
    pathSeparator: '/',
    read: (p) => fsCall('read', String(p)),
    readFileSync: (p, enc) => {
        if (!enc) throw unsupported("require('fs').readFileSync without an encoding (Buffers)");
        return fsCall('read', String(p));
    },
    write: (p, data) => {
        fsCall('write', String(p), typeof data === 'string' ? data : JSON.stringify(data));
        return true;
    },
    writeFileSync: (p, data) => {
        fsCall('write', String(p), String(data));
    },
    append: (p, data) => {
        fsCall('append', String(p), String(data));
        return true;
    },
    exists: (p) => fsCall('exists', String(p)),
    isDirectory: (p) => fsCall('isDirectory', String(p)),
    isFile: (p) => fsCall('isFile', String(p)),
    size: (p) => fsCall('size', String(p)),
    remove: (p) => fsCall('remove', String(p)),
    removeDirectory: (p) => fsCall('removeDirectory', String(p)),
    removeDirectoryRecursive: (p) => fsCall('removeDirectoryRecursive', String(p)),
    makeDirectory: (p) => fsCall('makeDirectory', String(p)),
    makeDirectoryRecursive: (p) => fsCall('makeDirectoryRecursive', String(p)),
    list: (p) => JSON.parse(fsCall('list', String(p))),
    listTree: (p) => JSON.parse(fsCall('listTree', String(p))),
    join: (...parts) => fsCall('join', ...parts.map(String)),
    makeAbsolute: (p) => fsCall('makeAbsolute', String(p)),
    getTempPath: () => fsCall('getTempPath'),
    getTempFile: (dir, create) => fsCall('getTempFile', dir === undefined ? '' : String(dir), !!create),
    move: (a, b) => fsCall('move', String(a), String(b)),
    copyFile: (a, b) => fsCall('copyFile', String(a), String(b)),
}, "require('fs').");

function sleep(seconds) {
    host.sleep(Number(seconds) || 0);
}

function time() {
    return Date.now() / 1000;
}

const internal = strict({
    db,
    arango,
    print,
    output: (...a) => host.write(a.map(String).join('')),
    sleep,
    wait: (seconds) => sleep(seconds),
    time,
    env,
    errors: strictErrors,
    ArangoError,
    exit: (code) => host.exit(code === undefined ? 0 : Number(code)),
    platform: 'linux',
    version: host.version,
    isArangod: () => false,
    genRandomAlphaNumbers: (n) => host.random(Number(n)),
    md5: (s) => host.hash('md5', String(s)),
    sha256: (s) => host.hash('sha256', String(s)),
    base64Encode: (s) => host.base64(String(s), true),
    base64Decode: (s) => host.base64(String(s), false),
    inspect: (v) => host.inspect(v, true),
}, "require('internal').");

const arangodbModule = strict({
    db,
    arango,
    errors: strictErrors,
    print,
    time,
    aql,
    query: (strings, ...args) => runQuery(aql(strings, ...args)),
    ArangoError,
    isServer: false,
    isClient: true,
}, "require('@arangodb').");

const builtins = new Map([
    ['internal', internal],
    ['fs', fsModule],
    ['@arangodb', arangodbModule],
    ['@arangodb/users', usersModule],
    ['console', console],
]);

const moduleCache = new Map();

function makeRequire(fromDir) {
    const req = (name) => {
        name = String(name);
        if (builtins.has(name)) return builtins.get(name);
        const file = host.resolveModule(name, fromDir);
        if (!file) throw unsupported(`require('${name}')`);
        if (moduleCache.has(file)) return moduleCache.get(file).exports;
        const module = { exports: {}, id: file, filename: file };
        moduleCache.set(file, module);
        try {
            if (file.endsWith('.json')) {
                module.exports = JSON.parse(host.fs('read', [file]));
            } else {
                const fn = host.compileModule(file);
                const dir = host.fs('dirname', [file]);
                fn.call(module.exports, module.exports, makeRequire(dir), module, file, dir);
            }
        } catch (e) {
            moduleCache.delete(file);
            throw e;
        }
        return module.exports;
    };
    return req;
}

const processShim = strict({
    exit: (code) => host.exit(code === undefined ? 0 : Number(code)),
    argv: [],
    platform: 'linux',
}, 'process.', (prop) => (prop === 'env' ? (() => {
    throw unsupported("process.env (use require('internal').env)");
})() : undefined));

// --- globals --------------------------------------------------------------------------------------------

Object.assign(global, {
    db,
    arango,
    print,
    console,
    aql,
    require: makeRequire(host.cwd),
    process: processShim,
    ARGUMENTS: JSON.parse(host.argumentsJSON),
    IS_EXECUTE_SCRIPT: host.mode === 'execute',
    IS_EXECUTE_STRING: host.mode === 'execute-string',
    IS_CHECK_SCRIPT: host.mode === 'check-syntax',
    IS_UNIT_TESTS: false,
    ARANGOSH_PATH: host.arangoshPath,
});

return { makeRequire, ArangoError };
