'use strict';
// The host side of the arangosh stand-in: builds the vm context, hands bootstrap.js its native
// primitives (HTTP, file system, output), resolves modules and formats JavaScript exceptions the way
// arangosh's TRI_StringifyV8Exception does.

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const crypto = require('crypto');
const { StringDecoder } = require('string_decoder');

const { inspect, printArgs } = require('./printer');
const errorTable = require('./errors');

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms) {
    if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

// Synchronous writes so that print() output is visible the moment it is made, even while the main thread
// later blocks in Atomics.wait; EAGAIN happens when the inherited descriptor is non-blocking.
function writeFd(fd, text) {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) {
        try {
            off += fs.writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
            if (e.code === 'EAGAIN') sleepMs(2);
            else if (e.code === 'EPIPE') return;
            else throw e;
        }
    }
}

// Yields stdin lines (without the newline) using blocking reads; the shell never runs an event loop.
function* stdinLines() {
    const buf = Buffer.alloc(65536);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (;;) {
        let n;
        try {
            n = fs.readSync(0, buf, 0, buf.length, null);
        } catch (e) {
            if (e.code === 'EAGAIN') {
                sleepMs(5);
                continue;
            }
            if (e.code === 'EOF' || e.code === 'EBADF') n = 0;  // a closed stdin reads as end of input
            else throw e;
        }
        if (n === 0) {
            pending += decoder.end();
            if (pending !== '') yield pending;
            return;
        }
        pending += decoder.write(buf.subarray(0, n));
        let i;
        while ((i = pending.indexOf('\n')) >= 0) {
            yield pending.slice(0, i).replace(/\r$/, '');
            pending = pending.slice(i + 1);
        }
    }
}

const FS_OPS = {
    read: (p) => fs.readFileSync(p, 'utf8'),
    write: (p, d) => fs.writeFileSync(p, d),
    append: (p, d) => fs.appendFileSync(p, d),
    exists: (p) => fs.existsSync(p),
    isDirectory: (p) => { try { return fs.statSync(p).isDirectory(); } catch (_) { return false; } },
    isFile: (p) => { try { return fs.statSync(p).isFile(); } catch (_) { return false; } },
    size: (p) => fs.statSync(p).size,
    remove: (p) => { fs.unlinkSync(p); return true; },
    removeDirectory: (p) => { fs.rmdirSync(p); return true; },
    removeDirectoryRecursive: (p) => { fs.rmSync(p, { recursive: true, force: true }); return true; },
    makeDirectory: (p) => { fs.mkdirSync(p); return true; },
    makeDirectoryRecursive: (p) => { fs.mkdirSync(p, { recursive: true }); return true; },
    list: (p) => JSON.stringify(fs.readdirSync(p)),
    listTree: (p) => {
        const out = [''];
        const walk = (rel) => {
            for (const e of fs.readdirSync(path.join(p, rel), { withFileTypes: true })) {
                const r = rel ? path.join(rel, e.name) : e.name;
                out.push(r);
                if (e.isDirectory()) walk(r);
            }
        };
        walk('');
        return JSON.stringify(out);
    },
    join: (...parts) => path.join(...parts),
    dirname: (p) => path.dirname(p),
    makeAbsolute: (p) => path.resolve(p),
    getTempPath: () => require('os').tmpdir(),
    getTempFile: (dir, create) => {
        const d = dir || require('os').tmpdir();
        const f = path.join(d, `tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
        if (create) fs.writeFileSync(f, '');
        return f;
    },
    move: (a, b) => { fs.renameSync(a, b); return true; },
    copyFile: (a, b) => { fs.copyFileSync(a, b); return true; },
};

class Shell {
    // cfg: {connection, argumentsList, mode, cwd, moduleDirs, exit(code), version}
    constructor(cfg) {
        this.cfg = cfg;
        this.ctx = vm.createContext({}, { name: 'arangosh' });
        const conn = cfg.connection;
        const errorsJSON = JSON.stringify(errorTable);
        const envJSON = JSON.stringify(process.env);
        const host = {
            errorsJSON,
            envJSON,
            initialDatabase: conn.database,
            argumentsJSON: JSON.stringify(cfg.argumentsList),
            mode: cfg.mode,
            cwd: cfg.cwd,
            version: cfg.version,
            arangoshPath: cfg.arangoshPath,
            http: (method, urlPath, body, headersJSON) => {
                const r = conn.request(method, urlPath, body, headersJSON ? JSON.parse(headersJSON) : {});
                if (r.error !== undefined) return { error: r.error };
                return { status: r.status, body: r.body, headersJSON: JSON.stringify(r.headers || {}) };
            },
            endpoint: () => conn.endpoint,
            endpointDisplay: () => conn.displayEndpoint(),
            username: () => conn.username,
            isConnected: () => conn.connected,
            reconnect: (endpoint, database, username, password) =>
                conn.reconnect(endpoint, database, username, password),
            lastConnectError: () => conn.lastError,
            print: (s) => writeFd(1, s + '\n'),
            printErr: (s) => writeFd(2, s + '\n'),
            write: (s) => writeFd(1, s),
            printArgs: (args) => printArgs(args),
            inspect: (v, pretty) => inspect(v, !!pretty),
            sleep: (seconds) => sleepMs(Math.round(seconds * 1000)),
            exit: (code) => cfg.exit(Number.isFinite(code) ? code : 0),
            fs: (op, args) => {
                const f = FS_OPS[op];
                if (!f) throw new Error(`unknown fs operation ${op}`);
                return f(...args);
            },
            random: (n) => {
                const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
                let s = '';
                for (const b of crypto.randomBytes(Math.max(0, n))) s += chars[b % chars.length];
                return s;
            },
            hash: (alg, s) => crypto.createHash(alg).update(s).digest('hex'),
            base64: (s, encode) => (encode ? Buffer.from(s, 'utf8').toString('base64')
                : Buffer.from(s, 'base64').toString('utf8')),
            resolveModule: (name, fromDir) => this.resolveModule(name, fromDir),
            compileModule: (file) => this.compileFunction(fs.readFileSync(file, 'utf8'), file,
                ['exports', 'require', 'module', '__filename', '__dirname']),
        };
        const source = fs.readFileSync(path.join(__dirname, 'bootstrap.js'), 'utf8');
        const boot = vm.compileFunction(source, ['host', 'global'], {
            parsingContext: this.ctx,
            filename: 'client/modules/@arangodb/arangosh-simulator.js',
        });
        this.api = boot(host, vm.runInContext('globalThis', this.ctx));
    }

    compileFunction(source, filename, params) {
        const text = source.replace(/^#!.*/, '');
        return vm.compileFunction(text, params, { parsingContext: this.ctx, filename });
    }

    // Search order: relative names against the requiring file's directory; bare names in the working
    // directory (--javascript.current-module-directory), then each of --javascript.startup-directory and
    // --javascript.module-directory with arangosh's client/modules, common/modules and node sub-directories.
    resolveModule(name, fromDir) {
        const candidates = (base) => [base, base + '.js', base + '.json', path.join(base, 'index.js')];
        const isFile = (f) => { try { return fs.statSync(f).isFile(); } catch (_) { return false; } };
        let bases;
        if (name.startsWith('./') || name.startsWith('../') || name.startsWith('/')) {
            bases = [path.resolve(fromDir, name)];
            if (!name.startsWith('/')) bases.push(path.resolve(this.cfg.cwd, name));
        } else {
            bases = [];
            if (this.cfg.currentModuleDirectory) bases.push(path.resolve(this.cfg.cwd, name));
            for (const d of this.cfg.moduleDirs) {
                for (const sub of ['client/modules', 'common/modules', 'node', '.'])
                    bases.push(path.resolve(this.cfg.cwd, d, sub, name));
            }
        }
        for (const b of bases) for (const c of candidates(b)) if (isFile(c)) return c;
        return null;
    }

    setGlobal(name, value) {
        this.ctx[name] = value;
    }

    requireFrom(dir) {
        return this.api.makeRequire(dir);
    }

    compileScript(source, filename) {
        return new vm.Script(source.replace(/^#!.*/, ''), { filename });
    }

    run(script) {
        return script.runInContext(this.ctx, { displayErrors: false });
    }

    inspect(v, pretty) {
        return inspect(v, pretty);
    }
}

// Formats an exception like arangosh: "JavaScript exception in file 'f' at L,C: <text>", the source line
// and a caret prefixed with "!", then "stacktrace: <stack>". `sources` maps file names to their text so
// the line can be quoted; frames inside the simulator's own bootstrap are skipped when locating.
function formatException(err, sources) {
    let text;
    let stack = '';
    const isErrorLike = err !== null && typeof err === 'object' && typeof err.stack === 'string';
    if (isErrorLike) {
        text = String(err);
        stack = err.stack;
    } else {
        text = typeof err === 'string' ? err : inspect(err, false);
    }
    let file = null;
    let line = 0;
    let col = 0;
    if (isErrorLike) {
        // SyntaxErrors from compilation start with "file:line" followed by the source line and carets.
        const head = /^(.+):(\d+)\n(.*)\n(\s*)\^/.exec(stack);
        if (head && Object.prototype.hasOwnProperty.call(sources, head[1])) {
            file = head[1];
            line = Number(head[2]);
            col = head[4].length + 1;
            stack = stack.slice(stack.indexOf(text) >= 0 ? stack.indexOf(text) : 0);
        } else {
            // The first frame that lies in one of the user's sources (not in the simulator's bootstrap).
            let best = null;
            for (const name of Object.keys(sources)) {
                const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
                const m = new RegExp(`${esc}:(\\d+):(\\d+)`).exec(stack);
                if (m && (best === null || m.index < best.index)) best = { index: m.index, name, m };
            }
            if (best) {
                file = best.name;
                line = Number(best.m[1]);
                col = Number(best.m[2]);
            }
        }
    }
    let out;
    if (file === null) {
        out = `JavaScript exception: ${text}`;
    } else {
        out = `JavaScript exception in file '${file}' at ${line},${col}: ${text}`;
        const srcLine = String(sources[file]).split('\n')[line - 1];
        if (srcLine !== undefined) out += `\n!${srcLine}\n!${' '.repeat(Math.max(0, col - 1))}^`;
    }
    // Frames below the vm entry point belong to the simulator's host code, not to the script.
    const cut = stack.search(/\n\s+at [^\n]*node:vm:/);
    if (cut >= 0) stack = stack.slice(0, cut);
    if (stack) out += `\nstacktrace: ${stack}`;
    return out;
}

module.exports = { Shell, formatException, writeFd, stdinLines, sleepMs };
