'use strict';
// Configuration files of the stand-ins: sections, @include, @ENV@, .local override, precedence, errors.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { run, tempDir } = require('./helpers');

const PRINT = {
    ARANGOSIM_TOOL_PRINT_OPTIONS: '1'
};

async function effective(tool, args, env = {}, cwd) {
    const r = await run(tool, args, { env: {...PRINT, ...env }, cwd });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
}

test(
    'sections, dotted keys, general keys, repeated list keys, comments and enterprise sections', async () => {
        const d = tempDir();
        const f = path.join(d, 'dump.conf');
        fs.writeFileSync(f, [
            '# comment',
            '; another comment',
            'threads = 3',
            '',
            '[server]',
            'endpoint = tcp://127.0.0.1:1111',
            'endpoint = tcp://127.0.0.1:2222',
            '  username =   alice  ',
            'log.level = debug',
            '[log]',
            'level = warning',
            '[server:community]',
            'database = community_only',
            '[server:enterprise]',
            'database = ee',
            '[]',
            'collection = a',
            'collection = b',
            'overwrite =',
            '',
        ].join('\n'));
        const j = await effective('arangodump', ['--configuration', f]);
        assert.equal(j.options.threads, 3);
        assert.deepEqual(j.options['server.endpoint'], ['tcp://127.0.0.1:1111', 'tcp://127.0.0.1:2222']);
        assert.equal(j.options['server.username'], 'alice');
        assert.deepEqual(j.options['log.level'], ['info', 'debug', 'warning']);
        assert.equal(j.options['server.database'], 'ee', 'the simulator behaves like an Enterprise build');
        assert.deepEqual(j.options.collection, ['a', 'b']);
        assert.equal(j.options.overwrite, true, 'an empty bool value means true');
    });

test('command line wins over the file, .local wins over the main file, @include and @ENV@', async () => {
    const d = tempDir();
    fs.mkdirSync(path.join(d, 'inc'));
    fs.writeFileSync(
        path.join(d, 'inc', 'common.conf'), '[server]\nusername = included\npassword = @SIMTOOLS_PW@\n');
    const f = path.join(d, 'main.conf');
    fs.writeFileSync(
        f, '@include inc/common\nthreads = 4\nbatch-size = 1MiB\n[server]\ndatabase = fromfile\n');
    fs.writeFileSync(f + '.local', 'threads = 9\n');
    const j = await effective(
        'arangodump', ['-c', f, '--server.database', 'fromcli'], { SIMTOOLS_PW: 's3cr@t' }, d);
    assert.equal(j.options['server.database'], 'fromcli');
    assert.equal(j.options.threads, 9);
    assert.equal(j.options['batch-size'], 1048576);
    assert.equal(j.options['server.username'], 'included');
    assert.equal(j.options['server.password'], 's3cr@t');
});

test(
    'configuration "none" skips files; a missing file exits 6; default search finds <cwd>/<tool>.conf',
    async () => {
        const d = tempDir();
        fs.writeFileSync(path.join(d, 'arangoimport.conf'), 'threads = 5\n');
        const found = await effective('arangoimport', [], { HOME: d }, d);
        assert.equal(found.options.threads, 5);
        const none = await effective('arangoimport', ['--configuration', 'NONE'], { HOME: d }, d);
        assert.notEqual(none.options.threads, 5);
        fs.rmSync(path.join(d, 'arangoimport.conf'));
        fs.mkdirSync(path.join(d, 'etc', 'relative'), { recursive: true });
        fs.writeFileSync(path.join(d, 'etc', 'relative', 'arangoimp.conf'), 'threads = 6\n');
        const imp = await effective('arangoimport', [], { HOME: d }, d);
        assert.equal(imp.options.threads, 6, 'arangoimport also tries arangoimp.conf');
        const r = await run('arangodump', ['--configuration', path.join(d, 'missing.conf')]);
        assert.equal(r.code, 6);
        assert.match(r.stderr, /FATAL \[[0-9a-f]{5}\] \{config\} cannot read config file '.*missing\.conf'/);
    });

test(
    'config file errors: unknown key exits 3 with file context, bad value exits 4, garbage line exits 1',
    async () => {
        const d = tempDir();
        const f = path.join(d, 'bad.conf');
        fs.writeFileSync(f, '[server]\nendpoint = tcp://x:1\nnot-an-option = 1\n');
        let r = await run('arangorestore', ['-c', f]);
        assert.equal(r.code, 3);
        assert.match(
            r.stderr,
            new RegExp(
                `^Error while processing config file '${f}', line #3 for arangorestore:\\n` +
                "  unknown option '--server.not-an-option'"));
        fs.writeFileSync(f, 'threads = many\n');
        r = await run('arangorestore', ['-c', f]);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /error setting value for option '--threads': invalid numeric value 'many'/);
        fs.writeFileSync(f, 'this is not a line\n');
        r = await run('arangorestore', ['-c', f]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /unknown line type/);
        fs.writeFileSync(f, 'version = true\n');
        r = await run('arangorestore', ['-c', f]);
        assert.equal(r.code, 0, 'a command in a config file runs that command');
        assert.match(r.stdout, /^3\.12/);
        fs.writeFileSync(f, '@include bad\n');
        r = await run('arangorestore', ['-c', f]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /recursive include of file/);
    });
