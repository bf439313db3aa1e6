'use strict';
// Command-line and config-file parsing for the simulator's stand-in tools, modelled on ArangoDB 3.12's
// lib/ProgramOptions (ArgumentParser, Parameters, IniFileParser) as described in
// sim/tools/data/arango-client-tools.json (a copy of the shared reference). See docs/simulator-tools.md.
//
// API (stable, also used by sim/tools/arangosh):
//   parseOptions(tool, argv, {extraOptions}) -> {tool, options, positional, afterDoubleDash, explicit,
//   warnings}
//     options:         every known option of the tool, name -> value (defaults filled in)
//     positional:      every positional argument, including those after a bare "--"
//     afterDoubleDash: only the items after "--"
//     explicit:        Set of option names given on the command line or in a config file
//     warnings:        startup warnings (renamed/obsolete options) to be logged once a logger exists
//   On errors it prints the real message to stderr and exits with the real code (3 unknown option,
//   4 bad value, 6 missing config, 1 other config problems). Info commands (--help*, --version,
//   --version-json, --dump-options, --dump-dependencies, --check-configuration) print and exit 0.
//   optionTable(tool) -> Map(name -> spec); fatal(tool, msg, code) prints a FATAL log line to stderr and
//   exits.

const fs = require('fs');
const path = require('path');
const { writeAllSync } = require('./io');

const VERSION = process.env.ARANGOSIM_TOOL_VERSION || '3.12.4';
// community | enterprise: what `--version` reports as the build's license.
const LICENSE = process.env.ARANGOSIM_TOOL_LICENSE || 'community';
const EXIT = {
    ok: 0,
    failed: 1,
    invalidName: 3,
    invalidValue: 4,
    configNotFound: 6
};
const BOOL_TRUE = new Set(['true', 'on', '1', 'yes']);
const BOOL_FALSE = new Set(['false', 'off', '0', 'no']);
// With the space-separated form only these words are consumed as a boolean's value.
const BOOL_NEXT = new Set(['true', 'false', 'on', 'off', '1', '0']);
const FLUSH_ON_FIRST = new Set(['server.endpoint', 'histogram.percentiles']);
const SINGLE_ENDPOINT_TOOLS = new Set(['arangosh', 'arangoimport', 'arangoexport', 'arangobackup']);
const COMMANDS = ['version', 'version-json', 'dump-dependencies', 'dump-options', 'check-configuration'];

let data = null;
function referenceData() {
    if (!data) {
        const file = process.env.ARANGOSIM_TOOLS_DATA ||
            path.join(__dirname, '..', 'data', 'arango-client-tools.json');
        data = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    return data;
}

const tables = new Map();

// Builds the 3.12 option table of one tool: common options plus the tool's own, obsolete options that 3.12
// still accepts, and the renamed names that 3.12 maps silently.
function optionTable(tool, extraOptions) {
    const key = tool + (extraOptions ? JSON.stringify(extraOptions) : '');
    if (tables.has(key)) return tables.get(key);
    const ref = referenceData();
    const t = ref.tools[tool];
    if (!t) throw new Error(`arangosim: unknown tool '${tool}'`);
    const specs = new Map();
    const aliases = new Map();
    const add = (o) => {
        const obsolete = o.available && o.available['3.12'] === false;
        if (obsolete && !/obsolete-accepted/.test(o.status || '')) return;
        specs.set(o.name, {...o, obsolete, requires_value: o.type !== 'bool' });
    };
    for (const o of ref.common) {
        if (o.name === 'config') continue;
        add(o);
    }
    for (const o of t.options) add(o);
    for (const o of t.build_conditional_options || []) {
        if (tool === 'arangorestore' && o.name === 'fail-after-update-continue-file')
            add({...o, hidden: true });
    }
    for (const o of extraOptions || []) add(o);
    const obsoleteList = [
        ...(t.obsolete_options_accepted || []),
        ...ref.obsolete_common_options_accepted.map((n) => `${n} (needs value)`)
    ];
    for (const entry of obsoleteList) {
        const name = entry.split(' ')[0];
        if (!specs.has(name)) {
            const needsValue = /needs value/.test(entry);
            specs.set(name, {
                name,
                type: needsValue ? 'string' : 'bool',
                obsolete: true,
                requires_value: needsValue,
                default: needsValue ? '' : false,
                hidden: true
            });
        } else {
            specs.get(name).obsolete = true;
        }
    }
    aliases.set('config', 'configuration');
    const renamed = {...ref.renamed_common_options, ...(t.renamed_options || {}) };
    for (const [from, to] of Object.entries(renamed)) {
        if (from === 'config' || from === 'ssl.protocol') continue;
        if (specs.has(to)) aliases.set(from, to);
    }
    const table = { specs, aliases, tool, ref: t };
    tables.set(key, table);
    return table;
}

function dynamicDefault(tool, spec) {
    const cores = require('os').cpus().length || 1;
    switch (spec.name) {
        case 'threads':
            return tool === 'arangobench' ? cores : Math.max(2, cores);
        case 'output-directory':
            return path.join(process.cwd(), tool === 'arangoexport' ? 'export' : 'dump');
        case 'input-directory':
            return path.join(process.cwd(), 'dump');
        case 'log.foreground-tty':
            return !!process.stdout.isTTY;
        case 'log.color':
            return !!process.stdout.isTTY;
        case 'console.colors':
            return !!process.stdout.isTTY;
        case 'separator':
            return '';
        case 'histogram.interval-size':
            return 0;
        case 'javascript.startup-directory':
            return 'js';
        default:
            return spec.default;
    }
}

function defaultValue(tool, spec) {
    const v = spec.default_dynamic ? dynamicDefault(tool, spec) : spec.default;
    if (spec.type === 'string-list') return Array.isArray(v) ? v.slice() : [];
    if (v === null || v === undefined) {
        if (spec.type === 'bool') return false;
        if (spec.type === 'string') return '';
        return v === undefined ? null : v;
    }
    return v;
}

class OptionError extends Error {
    constructor(message, code) {
        super(message);
        this.exitCode = code;
    }
}

function writeErr(text) {
    try {
        writeAllSync(2, text);
    } catch (_) { /* stderr closed: nothing left to tell */
    }
}

function logLinePrefix(level, id, topic) {
    const now = new Date().toISOString().replace(
        /\.(\d{3})Z$/, (_, ms) => `.${ms}${String(process.hrtime()[1] % 1000).padStart(3, '0')}Z`);
    return `${now} [${process.pid}-1] ${level} [${id}] {${topic}} `;
}

// FATAL messages raised before logging is configured go to stderr, as ArangoDB does while its logger is
// not yet active; the exit code is the one FATAL_ERROR_EXIT uses unless the caller says otherwise.
function fatal(tool, message, code = EXIT.failed, id = 'a8a0c', topic = 'general') {
    writeErr(logLinePrefix('FATAL', id, topic) + message + '\n');
    process.exit(code);
}

function levenshtein(a, b) {
    const m = a.length, n = b.length;
    let prev = Array.from({ length: n + 1 }, (_, j) => j);
    for (let i = 1; i <= m; ++i) {
        const cur = [i];
        for (let j = 1; j <= n; ++j)
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[n];
}

function similarNames(table, name) {
    const scored = [];
    for (const [n, s] of table.specs) {
        if (s.obsolete) continue;
        const d = levenshtein(name, n);
        if (d <= 3 || (name.length >= 3 && n.includes(name))) scored.push([d, n]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    return scored.slice(0, 4).map((x) => x[1]);
}

function substitute(value, defines) {
    if (typeof value !== 'string' || value.indexOf('@') < 0) return value;
    let out = '';
    for (let i = 0; i < value.length;) {
        const c = value[i];
        if (c !== '@') {
            out += c;
            ++i;
            continue;
        }
        if (value[i + 1] === '@') {
            out += '@';
            i += 2;
            continue;
        }
        const end = value.indexOf('@', i + 1);
        if (end < 0) {
            out += value.slice(i);
            break;
        }
        const key = value.slice(i + 1, end);
        const env = process.env[key];
        out += env ? env : (defines.get(key) || '');
        i = end + 1;
    }
    return out;
}

const SUFFIXES = [
    [/^(\d+)(kib|KiB|KIB)$/, 1024],
    [/^(\d+)(mib|MiB|MIB)$/, 1024 ** 2],
    [/^(\d+)(gib|GiB|GIB)$/, 1024 ** 3],
    [/^(\d+)(tib|TiB|TIB)$/, 1024 ** 4],
    [/^(\d+)(k|K|kb|KB)$/, 1e3],
    [/^(\d+)(m|M|mb|MB)$/, 1e6],
    [/^(\d+)(g|G|gb|GB)$/, 1e9],
    [/^(\d+)(t|T|tb|TB)$/, 1e12],
    [/^(\d+)(b|B)$/, 1],
];

function parseUint(v, typeName = 'uint64') {
    const s = String(v).trim();
    if (/^\d+$/.test(s)) return Number(s);
    for (const [re, mul] of SUFFIXES) {
        const m = re.exec(s);
        if (m) return Number(m[1]) * mul;
    }
    throw new Error(`invalid numeric value '${v}' for type ${typeName}`);
}

function parseDouble(v) {
    const s = String(v).trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s))
        throw new Error(`invalid numeric value '${v}' for type double`);
    return Number(s);
}

function convert(spec, raw) {
    const t = spec.type;
    if (t === 'bool') {
        const s = String(raw);
        if (BOOL_TRUE.has(s)) return true;
        if (BOOL_FALSE.has(s)) return false;
        throw new Error("invalid value for type boolean. expecting 'true' or 'false'");
    }
    // The reference reports DBL_MIN as the lower bound of many doubles (numeric_limits<double>::min()), yet 0
    // is documented as valid for them and negatives as FATAL later on; only real bounds are enforced here.
    const bounded = spec.min !== undefined && spec.min >= 1;
    if (t === 'uint') {
        const u = parseUint(raw);
        if (bounded && u < spec.min)
            throw new Error(`number '${raw}' out of allowed range (${spec.min} - 18446744073709551615)`);
        return u;
    }
    if (t === 'double') {
        const d = parseDouble(raw);
        if (bounded && d < spec.min)
            throw new Error(`number '${raw}' out of allowed range (${spec.min} - ${Number.MAX_VALUE})`);
        return d;
    }
    if (t === 'enum') {
        const v = spec.value_type === 'uint' ? parseUint(raw) : String(raw);
        if (!spec.values.includes(v)) {
            const list = spec.values.map(String).sort().map((x) => `"${x}"`).join(', ');
            throw new Error(`invalid value '${raw}'. Possible values: ${list}`);
        }
        return v;
    }
    if (t === 'string-list' && spec.element_type === 'double') return parseDouble(raw);
    return String(raw);
}

class Assigner {
    constructor(tool, table, defines) {
        this.tool = tool;
        this.table = table;
        this.defines = defines;
        this.options = {};
        this.explicit = new Set();
        this.frozen = new Set();
        this.warnings = [];
        for (const [name, spec] of table.specs) this.options[name] = defaultValue(tool, spec);
    }

    resolve(name) {
        if (this.table.specs.has(name)) return name;
        const to = this.table.aliases.get(name);
        if (to) {
            if (name !== 'config')
                this.warnings.push(
                    `please note that the specified option '--${name} has been renamed to '--${to}'`);
            return to;
        }
        return null;
    }

    // Returns false when the assignment is ignored because the command line already fixed the option.
    assign(name, raw, context, fromConfig) {
        const spec = this.table.specs.get(name);
        if (fromConfig && this.frozen.has(name)) return false;
        let value;
        try {
            value = convert(
                spec, spec.type === 'bool' && raw === undefined ? 'true' : substitute(raw, this.defines));
        } catch (e) {
            throw new OptionError(
                `${context}\n  error setting value for option '--${name}': ${e.message}`, EXIT.invalidValue);
        }
        if (spec.obsolete) {
            this.warnings.push(
                `obsolete option '--${name}' used in configuration. ` +
                'Setting this option does not have any effect.');
        }
        if (spec.type === 'string-list') {
            if (!this.explicit.has(name) && (FLUSH_ON_FIRST.has(name) || spec.element_type === 'double'))
                this.options[name] = [];
            this.options[name].push(value);
        } else {
            this.options[name] = value;
        }
        this.explicit.add(name);
        if (!fromConfig) this.frozen.add(name);
        return true;
    }
}

function contextLine(tool) { return `Error while processing command-line options for ${tool}:`; }

function unknownOption(table, tool, name, context) {
    let msg = `${context}\n  unknown option '--${name}'`;
    const similar = similarNames(table, name);
    if (similar.length) {
        msg += `\n\nDid you mean ${similar.length === 1 ? 'this' : 'one of these'}?\n`;
        msg += similar.map((n) => `  --${n}`).join('\n');
        msg += '\n';
    }
    msg += '\nUse --help or --help-all to get an overview of available options';
    return new OptionError(msg, EXIT.invalidName);
}

function parseDefines(values) {
    const defines = new Map();
    for (const v of values) {
        let cur = '';
        const parts = [];
        for (let i = 0; i < v.length; ++i) {
            if (v[i] === '\\' && i + 1 < v.length) {
                cur += v[++i];
                continue;
            }
            if (v[i] === ',') {
                parts.push(cur);
                cur = '';
                continue;
            }
            cur += v[i];
        }
        parts.push(cur);
        for (const p of parts) {
            const eq = p.indexOf('=');
            if (eq > 0) defines.set(p.slice(0, eq).trim(), p.slice(eq + 1).trim());
        }
    }
    return defines;
}

function parseCommandLine(tool, table, argv) {
    const items = [];
    const positional = [];
    const afterDoubleDash = [];
    const shorthands = referenceData().shorthands;
    const context = contextLine(tool);
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        if (a === '--') {
            for (const r of argv.slice(i + 1)) {
                positional.push(r);
                afterDoubleDash.push(r);
            }
            break;
        }
        if (!a.startsWith('-') || a === '-') {
            positional.push(a);
            continue;
        }
        let body = a.startsWith('--') ? a.slice(2) : a.slice(1);
        const eq = body.indexOf('=');
        let name = eq >= 0 ? body.slice(0, eq) : body;
        let value = eq >= 0 ? body.slice(eq + 1) : undefined;
        if (!a.startsWith('--') && shorthands['-' + name]) name = shorthands['-' + name];
        const spec0 = table.specs.get(name) || table.specs.get(table.aliases.get(name));
        if (!spec0) throw unknownOption(table, tool, name, context);
        if (spec0.type === 'bool') {
            if (value === undefined && i + 1 < argv.length && BOOL_NEXT.has(argv[i + 1])) value = argv[++i];
        } else if (value === undefined) {
            if (i + 1 >= argv.length)
                throw new OptionError(
                    `${context}\n  no value specified for option '--${name}'`, EXIT.invalidValue);
            value = argv[++i];
        }
        items.push({ name, value });
    }
    return { items, positional, afterDoubleDash };
}

// --- config files -------------------------------------------------------------------------------------

function configSearchPath(tool) {
    const names = tool === 'arangoimport' ? [tool, 'arangoimp'] : [tool];
    const binDir = process.env.ARANGOSIM_BIN_DIR || path.dirname(process.argv[1] || '.');
    const sysconf = process.env.ARANGOSIM_SYSCONFDIR || path.join(binDir, '..', 'etc', 'arangodb3');
    const home = require('os').homedir();
    const dirs = [
        path.join(process.cwd(), 'etc', 'relative'), sysconf, process.cwd(), path.join(home, '.arangodb'),
        path.join(binDir, 'etc')
    ];
    const out = [];
    for (const d of dirs)
        for (const n of names) out.push(path.join(d, `${n}.conf`));
    return out;
}

function isRegularFile(f) {
    try {
        return fs.statSync(f).isFile();
    } catch (_) { return false; }
}

function readConfigFile(tool, table, assigner, file, seen, edition) {
    const abs = path.resolve(file);
    if (seen.has(abs)) fatal(tool, `recursive include of file '${file}'`, EXIT.failed, 'b4a37', 'config');
    seen.add(abs);
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (_) { fatal(tool, `cannot read config file '${file}'`, EXIT.configNotFound, '4bd12', 'config'); }
    let section = '';
    let skipSection = false;
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; ++n) {
        const line = lines[n].trim();
        const context = `Error while processing config file '${file}', line #${n + 1} for ${tool}:`;
        if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
        let m;
        if ((m = /^\[([^\]]*)\]$/.exec(line))) {
            const [name, ed] = m[1].trim().split(':');
            section = name.trim();
            skipSection = ed !== undefined && ed.trim() !== edition;
            continue;
        }
        if ((m = /^@include\s+(.+)$/.exec(line))) {
            let inc = m[1].trim();
            if (!inc.endsWith('.conf')) inc += '.conf';
            if (!isRegularFile(inc)) inc = path.join(path.dirname(file), inc);
            if (!skipSection) readConfigFile(tool, table, assigner, inc, seen, edition);
            continue;
        }
        if ((m = /^([^=\s]+)\s*=\s*(.*)$/.exec(line))) {
            if (skipSection) continue;
            let key = m[1].trim();
            if (!key.includes('.') && section !== '') key = `${section}.${key}`;
            const name = assigner.resolve(key);
            if (!name) throw unknownOption(table, tool, key, context);
            const spec = table.specs.get(name);
            let value = m[2];
            if (spec.type === 'bool' && value === '') value = 'true';
            assigner.assign(name, value, context, true);
            continue;
        }
        throw new OptionError(`${context}\n  unknown line type`, EXIT.failed);
    }
}

// --- info commands --------------------------------------------------------------------------------------

const TYPE_NAMES = {
    bool: 'boolean',
    uint: 'uint64',
    double: 'double',
    string: 'string',
    'string-list': 'string...',
    enum: 'string'
};

function typeName(spec) {
    if (spec.type === 'string-list' && spec.element_type === 'double') return 'double...';
    if (spec.type === 'enum' && spec.value_type === 'uint') return 'uint64';
    return TYPE_NAMES[spec.type] || spec.type;
}

function sectionOf(name) {
    const dot = name.indexOf('.');
    return dot < 0 ? '' : name.slice(0, dot);
}

function printHelp(tool, table, which) {
    const all = which === 'all' || which === 'hidden' || which === 'uncommon' || which === '.';
    const bySection = new Map();
    for (const [name, spec] of [...table.specs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (spec.obsolete) continue;
        const sec = sectionOf(name);
        if (!all && which !== '' && sec !== which) continue;
        if (!all && which === '' && spec.hidden) continue;
        if (!bySection.has(sec)) bySection.set(sec, []);
        bySection.get(sec).push([name, spec]);
    }
    let out = `Usage: ${tool} [<options>]\n`;
    for (const [sec, list] of bySection) {
        out += `\nSection '${sec || 'global options'}' (${sec ? sec + ' options' : 'global options'})\n`;
        for (const [name, spec] of list) {
            const left = `  --${name}${spec.type === 'bool' ? '' : ` <${typeName(spec)}>`}`;
            const def = spec.command ? '' : ` (default: ${JSON.stringify(defaultValue(tool, spec))})`;
            const values = spec.values ? ` (possible values: ${spec.values.join(', ')})` : '';
            out += `${left.padEnd(48)} ${(spec.meaning || '').split('. ')[0]}${values}${def}\n`;
        }
    }
    writeAllSync(1, out);
}

function versionDetails() {
    return {
        architecture: '64bit',
        'asm-crc32': 'false',
        'assertions': 'false',
        'build-date': '2025-01-01 00:00:00',
        'compiler': 'arangosim',
        'cplusplus': '202002',
        'endianness': 'little',
        'fd-client-event-handler': 'poll',
        'host': require('os').hostname(),
        'full-version-string': `ArangoDB ${VERSION} ${LICENSE} [linux] 64bit, arangosim stand-in, ` +
            `Node.js ${process.versions.node}`,
        'license': LICENSE,
        'maintainer-mode': 'false',
        'platform': 'linux',
        'reactor-type': 'epoll',
        'server-version': VERSION,
        'simulator': 'arangosim (Node.js)',
        'node-version': process.versions.node,
    };
}

function printVersion(json) {
    const d = versionDetails();
    if (json) {
        writeAllSync(1, JSON.stringify(d) + '\n');
        return;
    }
    let out = `${VERSION}\n\n`;
    for (const k of Object.keys(d).sort()) out += `${k}: ${d[k]}\n`;
    writeAllSync(1, out);
}

function dumpOptions(tool, table) {
    const out = {};
    for (const [name, spec] of [...table.specs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        out[name] = {
            section: sectionOf(name),
            description: spec.meaning || '',
            category: spec.command ? 'command' : 'option',
            hidden: !!spec.hidden,
            type: typeName(spec),
            experimental: !!spec.experimental,
            obsolete: !!spec.obsolete,
            enterpriseOnly: !!spec.enterprise,
            requiresValue: spec.requires_value,
            os: ['linux', 'macos', 'windows'],
            component: [tool],
            introducedIn: spec.since || null,
            deprecatedIn: spec.deprecated_in || null,
            dynamic: !!spec.default_dynamic,
        };
        if (!spec.command) out[name].default = defaultValue(tool, spec);
        if (spec.values)
            out[name].values = `Possible values: ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    writeAllSync(1, JSON.stringify(out, null, 2) + '\n');
}

function dumpDependencies(tool) {
    const features = [
        'Config', 'Logger', 'Version', 'Client',
        tool.replace('arango', '').replace(/^./, (c) => c.toUpperCase())
    ];
    let out = 'digraph dependencies\n{\n  overlap = false;\n';
    for (let i = 1; i < features.length; ++i) out += `  ${features[i]} -> ${features[i - 1]};\n`;
    writeAllSync(1, out + '}\n');
}

// --- main entry -----------------------------------------------------------------------------------------

function parseOptionsOrThrow(tool, argv, opts = {}) {
    const table = optionTable(tool, opts.extraOptions);
    // --help* is detected before anything else, up to a bare "--".
    for (const a of argv) {
        if (a === '--') break;
        if (a.startsWith('--help')) {
            const which = a === '--help' ? '' : a.slice('--help-'.length);
            printHelp(tool, table, which);
            return { exitNow: 0 };
        }
    }
    const { items, positional, afterDoubleDash } = parseCommandLine(tool, table, argv);
    const defineValues = items.filter((it) => it.name === 'define' || it.name === '-D').map((it) => it.value);
    const assigner = new Assigner(tool, table, parseDefines(defineValues));
    const context = contextLine(tool);
    for (const it of items) {
        const name = assigner.resolve(it.name);
        assigner.assign(name, it.value, context, false);
    }
    const options = assigner.options;
    // Config files: command-line values are frozen, a ".local" override is read before the main file.
    const edition = 'enterprise';
    const explicitConfig = assigner.explicit.has('configuration');
    const conf = options.configuration;
    const wantsVersion = options.version || options['version-json'];
    const readWithLocal = (file) => {
        if (isRegularFile(file + '.local')) {
            readConfigFile(tool, table, assigner, file + '.local', new Set(), edition);
            // What the override set must survive the main file.
            for (const n of assigner.explicit) assigner.frozen.add(n);
        }
        readConfigFile(tool, table, assigner, file, new Set(), edition);
    };
    if (explicitConfig && conf.toLowerCase() !== 'none') {
        if (!isRegularFile(conf))
            fatal(tool, `cannot read config file '${conf}'`, EXIT.configNotFound, '4bd12', 'config');
        readWithLocal(conf);
    } else if (!explicitConfig) {
        const tried = configSearchPath(tool);
        const found = tried.find(isRegularFile);
        if (found) {
            readWithLocal(found);
        } else if (!wantsVersion) {
            fatal(
                tool,
                `cannot find configuration file\n(tried locations: ${tried.map((t) => `'${t}'`).join(', ')})`,
                EXIT.failed, '19614', 'config');
        }
    }
    if (SINGLE_ENDPOINT_TOOLS.has(tool) && options['server.endpoint'].length > 1)
        options['server.endpoint'] = options['server.endpoint'].slice(-1);
    const result = {
        tool,
        options,
        positional,
        afterDoubleDash,
        explicit: assigner.explicit,
        warnings: assigner.warnings
    };
    if (options.version) {
        printVersion(false);
        return { exitNow: 0 };
    }
    if (options['version-json']) {
        printVersion(true);
        return { exitNow: 0 };
    }
    if (options['dump-dependencies']) {
        dumpDependencies(tool);
        return { exitNow: 0 };
    }
    if (options['dump-options']) {
        dumpOptions(tool, table);
        return { exitNow: 0 };
    }
    if (options['check-configuration']) return { exitNow: 0 };
    return result;
}

function parseOptions(tool, argv, opts = {}) {
    let r;
    try {
        r = parseOptionsOrThrow(tool, argv, opts);
    } catch (e) {
        if (!(e instanceof OptionError)) throw e;
        writeErr(e.message + '\n');
        process.exit(e.exitCode);
    }
    if (r.exitNow !== undefined) process.exit(r.exitNow);
    // Test hook: show the effective option values instead of running the tool.
    if (process.env.ARANGOSIM_TOOL_PRINT_OPTIONS === '1') {
        writeAllSync(1, JSON.stringify({
            options: r.options,
            positional: r.positional,
            afterDoubleDash: r.afterDoubleDash,
            explicit: [...r.explicit].sort(),
            warnings: r.warnings
        }) + '\n');
        process.exit(0);
    }
    return r;
}

module.exports = {
    VERSION,
    EXIT,
    parseOptions,
    parseOptionsOrThrow,
    optionTable,
    referenceData,
    fatal,
    substitute,
    parseUint,
    OptionError,
    logLinePrefix,
};
