'use strict';
// Option parsing of the seven stand-ins, driven by every 3.12 option in the reference JSON (no server
// needed).

const test = require('node:test');
const assert = require('node:assert/strict');
const { TOOLS, run, pool, options312, reference } = require('./helpers');

const COMMANDS =
    new Set(['version', 'version-json', 'dump-options', 'dump-dependencies', 'check-configuration']);
const PRINT = {
    ARANGOSIM_TOOL_PRINT_OPTIONS: '1'
};
const BOOL_FORMS = [
    ['=yes', true], [' true', true], ['', true], ['=off', false], [' 0', false], ['=no', false],
    [' on', true], ['=false', false]
];
const UINT_FORMS = [['7', 7], ['2KiB', 2048], ['3k', 3000], ['1mb', 1e6], ['1MiB', 1048576], ['12', 12]];

// One valid value per option (and the value the parser must produce), varying the accepted spellings.
function validArgs(opts) {
    const argv = [];
    const expect = {};
    opts.forEach((o, i) => {
        if (o.command || o.name === 'configuration' || (o.hidden && o.name === 'operation')) return;
        const n = `--${o.name}`;
        if (o.type === 'bool') {
            const [form, val] = BOOL_FORMS[i % BOOL_FORMS.length];
            if (form.startsWith(' '))
                argv.push(n, form.slice(1));
            else
                argv.push(n + form);
            expect[o.name] = val;
        } else if (o.type === 'uint') {
            const [v, val] = UINT_FORMS[i % UINT_FORMS.length];
            if (i % 2)
                argv.push(`${n}=${v}`);
            else
                argv.push(n, v);
            expect[o.name] = val;
        } else if (o.type === 'double') {
            argv.push(n, '1.5');
            expect[o.name] = 1.5;
        } else if (o.type === 'enum') {
            const v = o.values[o.values.length - 1];
            argv.push(n, String(v));
            expect[o.name] = v;
        } else if (o.type === 'string-list') {
            if (o.element_type === 'double') {
                argv.push(n, '50', `${n}=99.9`);
                expect[o.name] = [50, 99.9];
            } else {
                const a = o.name === 'define' ? 'A=1' : `v${i}a`, b = o.name === 'define' ? 'B=2' : `v${i}b`;
                argv.push(n, a, `${n}=${b}`);
                expect[o.name] = o.name === 'log.level' ||
                        (o.default && o.default.length && o.name !== 'server.endpoint') ?
                    [...o.default, a, b] :
                    [a, b];
            }
        } else {
            argv.push(n, `s${i}`);
            expect[o.name] = `s${i}`;
        }
    });
    return { argv, expect };
}

function badValue(o) {
    if (o.type === 'bool') return [`--${o.name}=maybe`];
    if (o.type === 'uint') return [`--${o.name}`, 'abc'];
    if (o.type === 'double') return [`--${o.name}`, 'x1'];
    if (o.type === 'enum') return [`--${o.name}`, 'bogus-value'];
    if (o.element_type === 'double') return [`--${o.name}`, 'NaNx'];
    return null;
}

for (const tool of TOOLS) {
    const opts = options312(tool);

    test(`${tool}: every 3.12 option is accepted with a valid value and gets that value`, async () => {
        const { argv, expect } = validArgs(opts);
        const r = await run(tool, ['--configuration', 'none', ...argv], { env: PRINT });
        assert.equal(r.code, 0, r.stderr);
        const got = JSON.parse(r.stdout.trim().split('\n').pop()).options;
        for (const [name, val] of Object.entries(expect)) {
            if (tool === 'arangosh' || ['arangoimport', 'arangoexport', 'arangobackup'].includes(tool)) {
                if (name === 'server.endpoint') {
                    assert.deepEqual(got[name], val.slice(-1), name);
                    continue;
                }
            }
            assert.deepEqual(got[name], val, `${tool} --${name}`);
        }
        const c = await run(tool, ['--configuration', 'none', ...argv, '--check-configuration']);
        assert.equal(c.code, 0, c.stderr);
    });

    test(`${tool}: a bad value exits 4 and a missing value exits 4 for every option`, async () => {
        const cases = [];
        for (const o of opts) {
            if (o.command) continue;
            const bad = badValue(o);
            if (bad) cases.push({ o, argv: bad, msg: `error setting value for option '--${o.name}'` });
            if (o.type === 'string' || (o.type === 'string-list' && !o.element_type))
                cases.push({ o, argv: [`--${o.name}`], msg: `no value specified for option '--${o.name}'` });
        }
        const failures = [];
        await pool(cases, 3, async (c) => {
            const r = await run(tool, ['--configuration', 'none', ...c.argv]);
            if (r.code !== 4 || !r.stderr.includes(c.msg) ||
                !r.stderr.startsWith(`Error while processing command-line options for ${tool}:`))
                failures.push(`${c.argv.join(' ')} -> ${r.code}: ${r.stderr}`);
        });
        assert.deepEqual(failures, []);
    });

    test(`${tool}: unknown options exit 3 with the real message`, async () => {
        const r = await run(tool, ['--configuration', 'none', '--server.endpointx', 'tcp://x:1']);
        assert.equal(r.code, 3);
        assert.match(
            r.stderr,
            new RegExp(
                `^Error while processing command-line options for ${tool}:\\n` +
                "  unknown option '--server.endpointx'\\n\\nDid you mean this\\?\\n  --server.endpoint\\n"));
        assert.match(r.stderr, /Use --help or --help-all to get an overview of available options\n$/);
        const h = await run(tool, ['--configuration', 'none', '-h']);
        assert.equal(h.code, 3);
        assert.match(h.stderr, /unknown option '--h'/);
        const tls = await run(tool, ['--configuration', 'none', '--tls.protocol', '5']);
        assert.equal(tls.code, 3, 'tls.protocol is 4.x only');
    });

    test(`${tool}: info commands exit 0`, async () => {
        const v = await run(tool, ['--configuration', 'none', '--version']);
        assert.equal(v.code, 0);
        assert.match(v.stdout, /^3\.12\.\d+\n\n/);
        const vj = await run(tool, ['--version-json']);
        assert.equal(vj.code, 0);
        assert.equal(JSON.parse(vj.stdout)['server-version'].slice(0, 4), '3.12');
        const d = await run(tool, ['--configuration', 'none', '--dump-options']);
        assert.equal(d.code, 0);
        const dumped = JSON.parse(d.stdout);
        for (const o of opts) assert.ok(dumped[o.name], `--dump-options lists ${o.name}`);
        for (const h of ['--help', '--help-all', '--help-log']) {
            const r = await run(tool, [h]);
            assert.equal(r.code, 0);
            assert.match(r.stdout, /^Usage: /);
        }
        const hl = await run(tool, ['--help-log']);
        assert.match(hl.stdout, /--log\.level/);
        assert.doesNotMatch(hl.stdout, /--server\.endpoint/);
        const dd = await run(tool, ['-c', 'none', '--dump-dependencies']);
        assert.equal(dd.code, 0);
        assert.match(dd.stdout, /^digraph/);
    });
}

test('obsolete and renamed options are accepted with the real warnings', async () => {
    const r = await run(
        'arangodump',
        ['-c', 'none', '--envelope', 'true', '--tick-start', '5', '--use-experimental-dump', 'false'],
        { env: PRINT });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.options['parallel-dump'], false);
    assert.ok(j.warnings.includes(
        "obsolete option '--envelope' used in configuration. Setting this option does not have any effect."));
    assert.ok(j.warnings.includes(
        "please note that the specified option '--use-experimental-dump has been renamed to '--parallel-dump'"));
    const t = await run('arangodump', ['-c', 'none', '--tick-end']);
    assert.equal(t.code, 4, 'obsolete --tick-end still needs a value');
    const b = await run(
        'arangobench', ['-c', 'none', '--concurrency', '3', '--batch-size', '9', '--verbose'],
        { env: PRINT });
    assert.equal(b.code, 0, b.stderr);
    assert.equal(JSON.parse(b.stdout).options.threads, 3);
    const e = await run('arangoexport', ['-c', 'none', '--query', 'RETURN 1'], { env: PRINT });
    assert.equal(JSON.parse(e.stdout).options['custom-query'], 'RETURN 1');
    const l = await run(
        'arangoimport',
        ['-c', 'none', '--log.tty', 'false', '--temp-path', '/tmp/x', '--log.content-filter', 'x'],
        { env: PRINT });
    assert.equal(l.code, 0, l.stderr);
    assert.equal(JSON.parse(l.stdout).options['temp.path'], '/tmp/x');
    const js = await run('arangosh', ['-c', 'none', '--jslint', 'x.js']);
    assert.equal(js.code, 3, '--jslint was removed in 3.12');
    const r2 = await run(
        'arangorestore', ['-c', 'none', '--recycle-ids', '--fail-after-update-continue-file', 'true'],
        { env: PRINT });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(JSON.parse(r2.stdout).options['fail-after-update-continue-file'], true);
});

test(
    'argv conventions: shorthands, bool next-token rule, --, flush-on-first, last endpoint wins',
    async () => {
        const r = await run(
            'arangodump',
            [
                '-c', 'none', '-l', 'debug', '-o=-', '-D', 'A=1,B=x\\,y', '--overwrite', 'yes', '--progress',
                'false', 'dir', '--server.endpoint', 'tcp://a:1', '--server.endpoint=tcp://b:2', '--',
                '--not-an-option'
            ],
            { env: PRINT });
        assert.equal(r.code, 0, r.stderr);
        const j = JSON.parse(r.stdout);
        assert.deepEqual(j.options['log.level'], ['info', 'debug']);
        assert.deepEqual(j.options['log.output'], ['-']);
        assert.deepEqual(j.options.define, ['A=1,B=x\\,y']);
        assert.equal(j.options.overwrite, true, 'bare flag before a non-bool word');
        assert.equal(j.options.progress, false);
        assert.deepEqual(j.positional, ['yes', 'dir', '--not-an-option']);
        assert.deepEqual(j.afterDoubleDash, ['--not-an-option']);
        assert.deepEqual(j.options['server.endpoint'], ['tcp://a:1', 'tcp://b:2']);
        const s = await run(
            'arangosh', ['-c', 'none', '--server.endpoint', 'tcp://a:1', '--server.endpoint', 'tcp://b:2'],
            { env: PRINT });
        assert.deepEqual(JSON.parse(s.stdout).options['server.endpoint'], ['tcp://b:2']);
        const d = await run(
            'arangodump',
            [
                '-c', 'none', '-D', 'MYPW=fromdefine', '--server.password', '@MYPW@x@@y', '--server.username',
                '@SIMTOOLS_TEST_USER@'
            ],
            { env: {...PRINT, SIMTOOLS_TEST_USER: 'envuser' } });
        const dj = JSON.parse(d.stdout).options;
        assert.equal(dj['server.password'], 'fromdefinex@y');
        assert.equal(dj['server.username'], 'envuser');
        const lo = await run('arangodump', ['-c', 'none', '--local-network-threads', '0']);
        assert.equal(lo.code, 4, 'bounded option below its minimum');
        assert.match(lo.stderr, /number '0' out of allowed range \(1 - /);
        const zero = await run('arangodump', ['-c', 'none', '--server.request-timeout', '0'], { env: PRINT });
        assert.equal(zero.code, 0, 'a timeout of 0 is valid (means 86400 s)');
        const dump = reference.tools.arangodump.options.find((o) => o.name === 'threads');
        assert.ok(dump.default_dynamic);
    });

test('without --configuration and no config file found, the tool fails; --version still works', async () => {
    const { tempDir } = require('./helpers');
    const cwd = tempDir();
    const r = await run('arangodump', ['--output-directory', 'x'], { cwd, env: { HOME: cwd } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FATAL \[[0-9a-f]{5}\] \{config\} cannot find configuration file/);
    const v = await run('arangodump', ['--version'], { cwd, env: { HOME: cwd } });
    assert.equal(v.code, 0);
});
