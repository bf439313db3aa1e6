'use strict';
// The arangosh stand-in (docs/simulator-arangosh.md). run(argv) parses the options with the shared
// stand-in parser, connects, then runs one of arangosh's modes: --javascript.execute files,
// --javascript.execute-string code, --javascript.check-syntax files, or the console (REPL) reading
// statements from stdin. Everything runs synchronously on the main thread, as in arangosh; HTTP goes
// through a worker-thread bridge (lib/sync_http.js).

const fs = require('fs');
const path = require('path');

const libDir = path.join(__dirname, '..', 'lib');
const { parseOptions, fatal, VERSION } = require(path.join(libDir, 'options'));
const { makeLogger } = require(path.join(libDir, 'log'));
const { clientSetup } = require(path.join(libDir, 'client'));
const faults = require(path.join(libDir, 'faults'));

const { Connection } = require('./lib/connection');
const { SyncHttp } = require('./lib/sync_http');
const { Shell, formatException, writeFd, stdinLines } = require('./lib/shell');

const TOOL = 'arangosh';
const MODE_ORDER = ['execute', 'execute-string', 'check-syntax', 'unit-tests'];
const BANNER = [
    '                                       _     ',
    '  __ _ _ __ __ _ _ __   __ _  ___  ___| |__  ',
    ' / _` | \'__/ _` | \'_ \\ / _` |/ _ \\/ __| \'_ \\ ',
    '| (_| | | | (_| | | | | (_| | (_) \\__ \\ | | |',
    ' \\__,_|_|  \\__,_|_| |_|\\__, |\\___/|___/_| |_|',
    '                       |___/                 ',
    '',
];

function selectMode(o, log) {
    const given = MODE_ORDER.filter((m) => o[`javascript.${m}`].length > 0);
    if (given.length > 1) {
        log.error('80a8c', 'you cannot specify more than one type (jslint, execute, execute-string, ' +
            'check-syntax, unit-tests)');
    }
    return given.length ? given[given.length - 1] : 'repl';
}

// 3.12 prints "[unknown, ]" where older versions printed "[<ROLE>, server]".
function connectedLine(conn) {
    const v = conn.versionInfo;
    const version = v.version;
    const major = version.split('.').map(Number);
    const role = major[0] > 3 || (major[0] === 3 && major[1] >= 12) ? '[unknown, ]'
        : `[${(v.details && v.details.role) || 'SINGLE'}, server]`;
    return `Connected to ArangoDB '${conn.displayEndpoint()}, version: ${version} ${role}, database: ` +
        `'${conn.database}', username: '${conn.username}'`;
}

// Incomplete input (open brace, unfinished call or template) keeps the console reading; anything else
// is an error. V8 reports an unfinished call as "missing ) after argument list" at the last argument,
// so that message counts as incomplete only when the marked token ends the last non-empty line.
function isRecoverable(e, src) {
    if (!(e instanceof SyntaxError)) return false;
    if (/^(Unexpected end of input|Unterminated template literal)/.test(e.message)) return true;
    if (!/^missing \) after argument list/.test(e.message)) return false;
    const head = /^[^\n]*:(\d+)\n([^\n]*)\n(\s*)(\^+)/.exec(e.stack || '');
    if (!head) return false;
    const lines = src.replace(/\s+$/, '').split('\n');
    return Number(head[1]) === lines.length && head[3].length + head[4].length >= head[2].trimEnd().length;
}

function runFiles(shell, files, log) {
    const sources = {};
    for (const file of files) {
        let src;
        try {
            src = fs.readFileSync(file, 'utf8');
        } catch (_) {
            log.error('4d1d2', `error: JavaScript file not found: '${file}'`);
            return 1;
        }
        sources[file] = src.replace(/^#!.*/, '');
        const abs = path.resolve(file);
        shell.setGlobal('__filename', abs);
        shell.setGlobal('__dirname', path.dirname(abs));
        shell.setGlobal('require', shell.requireFrom(path.dirname(abs)));
        try {
            shell.run(shell.compileScript(src, file));
        } catch (e) {
            log.error('c254f', formatException(e, sources));
            return 1;
        }
    }
    return 0;
}

function runStrings(shell, strings, log) {
    let code = 0;
    for (const s of strings) {
        const name = '(command-line)';
        try {
            const r = shell.run(shell.compileScript(s, name));
            if (typeof r === 'number' && r !== 0) code = 1;
        } catch (e) {
            log.error('c254f', formatException(e, { [name]: s }));
            return 1;
        }
    }
    return code;
}

function checkSyntax(shell, files, log) {
    for (const file of files) {
        let src;
        try {
            src = fs.readFileSync(file, 'utf8');
        } catch (_) {
            log.error('4d1d2', `error: JavaScript file not found: '${file}'`);
            return 1;
        }
        try {
            shell.compileScript(src, file);
        } catch (e) {
            log.error('c254f', formatException(e, { [file]: src.replace(/^#!.*/, '') }));
            return 1;
        }
    }
    return 0;
}

// The console: statements are read from stdin line by line and evaluated once the accumulated text
// compiles. Results print like the shell (JSON-compatible layout); errors go to stderr as exception
// reports. The exit code at EOF is 1 only if the last statement failed.
function runConsole(shell, o, conn) {
    const tty = !!process.stdin.isTTY;
    const pretty = o['console.pretty-print'] !== false;
    const where = conn.ep ? `${conn.ep.host || 'unix'}:${conn.ep.port || ''}` : 'none';
    const prompt = () => {
        if (tty) writeFd(1, `${where}@${conn.database}> `);
    };
    let buffer = '';
    let lastFailed = false;
    prompt();
    for (const line of stdinLines()) {
        if (buffer === '' && /^\s*(exit|quit)\s*;?\s*$/.test(line)) return 0;
        buffer += line + '\n';
        if (buffer.trim() === '') {
            buffer = '';
            prompt();
            continue;
        }
        let script;
        const src = buffer;
        try {
            script = shell.compileScript(src, '(shell)');
        } catch (e) {
            if (isRecoverable(e, src)) continue;
            buffer = '';
            lastFailed = true;
            writeFd(2, formatException(e, { '(shell)': src }) + '\n');
            prompt();
            continue;
        }
        buffer = '';
        try {
            const r = shell.run(script);
            lastFailed = false;
            if (r !== undefined) writeFd(1, shell.inspect(r, pretty) + '\n');
        } catch (e) {
            lastFailed = true;
            writeFd(2, formatException(e, { '(shell)': src }) + '\n');
        }
        prompt();
    }
    return lastFailed ? 1 : 0;
}

// Booting the HTTP worker takes tens of milliseconds; starting it before option parsing lets the two
// overlap. Skipped when the command line obviously needs no server.
function prestartHttp(argv) {
    const i = argv.indexOf('--server.endpoint');
    const noServer = argv.includes('--server.endpoint=none') || (i >= 0 && argv[i + 1] === 'none') ||
        argv.some((a) => /^--(help|version|javascript\.check-syntax)/.test(a));
    if (noServer) return null;
    const http = new SyncHttp();
    http.start();
    return http;
}

function run(argv) {
    // arangosim runs JavaScript transactions' actions through us (trx_runner.js), never a user.
    if (process.env.ARANGOSIM_TRX_RUNNER === '1' && argv.length === 0) process.exit(require('./trx_runner').run());
    faults.installEarly();
    const http = prestartHttp(argv);
    const parsed = parseOptions(TOOL, argv);
    const o = parsed.options;
    const log = makeLogger(o, 'general');
    for (const w of parsed.warnings) log.warn('1a2b3', w, 'config');

    const mode = selectMode(o, log);
    if (mode === 'unit-tests')
        fatal(TOOL, 'arangosh simulator: --javascript.unit-tests is not supported', 1);
    if (o['javascript.startup-directory'] === '')
        fatal(TOOL, "no 'javascript.startup-directory' has been supplied, giving up", 1);
    const quiet = o.quiet || mode !== 'repl';

    const hang = faults.afterParse();
    if (hang) return hang;
    const endpoint = o['server.endpoint'][o['server.endpoint'].length - 1];
    // Without a server there is nothing to authenticate against, so no password prompt either.
    const setup = endpoint === 'none' ? { authHeader: null, requestTimeoutMs: 1200000 } : clientSetup(parsed);

    const conn = new Connection({
        endpoint,
        database: o['server.database'],
        authHeader: setup.authHeader,
        username: o['server.username'],
        requestTimeoutMs: setup.requestTimeoutMs,
        connectTimeoutMs: setup.connectTimeoutMs,
        http,
    });
    // check-syntax needs no server.
    if (endpoint !== 'none' && mode !== 'check-syntax' && !conn.connect()) {
        log.error('10f08', `Could not connect to endpoint '${endpoint}', database: '${conn.database}', ` +
            `username: '${conn.username}'`);
        log.error('b1ad6', `Error message: '${conn.lastError}'`);
    }

    const shell = new Shell({
        connection: conn,
        argumentsList: parsed.positional,
        mode,
        cwd: process.cwd(),
        moduleDirs: [o['javascript.startup-directory'], ...o['javascript.module-directory']],
        currentModuleDirectory: o['javascript.current-module-directory'] !== false,
        version: (conn.versionInfo && conn.versionInfo.version) || VERSION,
        arangoshPath: process.argv[1] || '',
        exit: (code) => faults.finalExit(code),
    });

    let code;
    switch (mode) {
        case 'execute': code = runFiles(shell, o['javascript.execute'], log); break;
        case 'execute-string': code = runStrings(shell, o['javascript.execute-string'], log); break;
        case 'check-syntax': code = checkSyntax(shell, o['javascript.check-syntax'], log); break;
        default:
            if (!quiet) {
                const version = (conn.versionInfo && conn.versionInfo.version) || shell.cfg.version;
                writeFd(1, BANNER.join('\n') + '\n' +
                    `arangosh (ArangoDB ${version} [linux] 64bit, arangosim stand-in, ` +
                    `Node.js ${process.versions.node})\n` +
                    'Copyright (c) ArangoDB GmbH\n\n');
                if (conn.connected) writeFd(1, connectedLine(conn) + '\n\n');
                writeFd(1, "Type 'tutorial' for a tutorial or 'help' to see common examples\n");
            }
            code = runConsole(shell, o, conn);
    }
    faults.finalExit(code);
    return undefined;
}

module.exports = { run };
