'use strict';
// The arangorestore stand-in against dumps of every generation (tests/fixtures/dumps, written by hand from
// the format description): 2.x without dump.json and with {type,key,rev,data} envelopes and 2302 removals,
// 3.0-3.7 MMFiles {type,data} envelopes, 3.8-3.11 --envelope true with gzip, 3.12 split files. Each restore
// must leave exactly the net content; old-engine parameters and indexes must be accepted and kept; a
// structure file without its data file must fail like the real tool.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { run, tempDir, startServer, conn, http, allDocs } = require('./helpers');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dumps');
let server;

test.before(async () => {
    server = await startServer();
});
test.after(async () => {
    if (server) await server.stop();
});

// A copy of a fixture: arangorestore writes its --continue state file into the input directory.
function fixture(name) {
    const dir = tempDir(`gen-${name}-`);
    fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    return dir;
}

async function restore(dir, db, extra = []) {
    return run('arangorestore', [
        ...conn(server), '--server.database', db, '--create-database', 'true', '--input-directory', dir, ...extra
    ]);
}

// The documents without the server-made attributes (_id is added, _rev may be replaced).
async function contents(db, coll) {
    return (await allDocs(server, db, coll)).map((d) => {
        const c = {...d };
        delete c._id;
        return c;
    });
}

async function indexes(db, coll) {
    const r = await http(server, 'GET', `/_db/${db}/_api/index?collection=${coll}`);
    assert.equal(r.status, 200, r.text);
    return r.json.indexes.filter((i) => i.type !== 'primary' && i.type !== 'edge');
}

async function properties(db, coll) {
    const r = await http(server, 'GET', `/_db/${db}/_api/collection/${coll}/properties`);
    assert.equal(r.status, 200, r.text);
    return r.json;
}

test('2.8: no dump.json, unhashed names, {type,key,rev,data}, 2301 edges, 2302 removals by top-level key', async () => {
    const r = await restore(fixture('v2.8'), 'gen28');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(await contents('gen28', 'products'), [
        { _key: 'p1', sku: 'A-1', price: 12, description: 'red apple, large', lat: 52.5, lon: 13.4 },
        { _key: 'p3', sku: 'A-3', price: 30, description: 'yellow lemon' },
        { _key: 'p4', sku: 'A-4', price: 40, description: 'blue plum' },
    ]);
    assert.deepEqual(await contents('gen28', 'links'), [
        { _key: 'l2', _from: 'products/p3', _to: 'products/p4', w: 2 },
        { _key: 'l3', _from: 'products/p4', _to: 'products/p1', w: 3 },
    ]);
    const coll = await http(server, 'GET', '/_db/gen28/_api/collection/links');
    assert.equal(coll.json.type, 3);
    // Old-engine index definitions are accepted; each one is still there, on its fields.
    const ix = await indexes('gen28', 'products');
    assert.equal(ix.length, 4, JSON.stringify(ix));
    const byField = Object.fromEntries(ix.map((i) => [i.fields.join(','), i]));
    assert.ok(['hash', 'persistent'].includes(byField.sku.type), JSON.stringify(byField.sku));
    assert.equal(byField.sku.unique, true);
    assert.ok(['skiplist', 'persistent'].includes(byField.price.type), JSON.stringify(byField.price));
    assert.equal(byField.description.type, 'fulltext');
    assert.equal(byField.description.minLength, 3);
    assert.ok(['geo2', 'geo'].includes(byField['lat,lon'].type), JSON.stringify(byField['lat,lon']));
});

test('3.3 MMFiles: {type,data} envelopes, a removal carrying data._key, hash/skiplist/fulltext/geo1', async () => {
    const r = await restore(fixture('v3.3-mmfiles'), 'gen33');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout + r.stderr, /Database name in source dump is 'legacy'/);
    assert.deepEqual((await contents('gen33', 'customers')).map((d) => d._key), ['c1', 'c3']);
    assert.deepEqual(
        (await contents('gen33', 'customers'))[0],
        { _key: 'c1', email: 'ada@example.com', age: 36, bio: 'likes tea', location: [51.5, -0.1] });
    assert.deepEqual(
        await contents('gen33', 'follows'),
        [{ _key: 'f1', _from: 'customers/c1', _to: 'customers/c3', since: 2017 }]);
    const ix = await indexes('gen33', 'customers');
    assert.equal(ix.length, 4, JSON.stringify(ix));
    const ft = ix.find((i) => i.type === 'fulltext');
    assert.ok(ft, JSON.stringify(ix));
    assert.deepEqual(ft.fields, ['bio']);
    assert.equal(ft.minLength, 2);
});

test('3.10 --envelope true: gzip, useEnvelope in dump.json, an empty collection, persistent and ttl indexes',
     async () => {
         const r = await restore(fixture('v3.10-envelope'), 'gen310');
         assert.equal(r.code, 0, r.stderr + r.stdout);
         const items = await contents('gen310', 'items');
         assert.deepEqual(items.map((d) => d._key), ['i1', 'i2', 'i3', 'i4']);
         assert.deepEqual(items[1], { _key: 'i2', sku: 'X-2', qty: 0, nested: { b: 2, a: 1 } });
         assert.equal(items[2].note, 'unicode \u00e9\u00e8 \ud83d\ude00');
         assert.equal(items[3].flag, null);
         assert.deepEqual(await contents('gen310', 'empty_bin'), []);
         const ix = await indexes('gen310', 'items');
         assert.deepEqual(ix.map((i) => i.type).sort(), ['persistent', 'ttl']);
         assert.equal(ix.find((i) => i.type === 'ttl').expireAfter, 3600);
     });

test('3.12 split files: numeric order, no file for an empty collection, plain documents with type/data', async () => {
    const r = await restore(fixture('v3.12-split'), 'gen312');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const books = await contents('gen312', 'books');
    assert.deepEqual(books.map((d) => d.title), ['Dune', 'Solaris', 'Ubik', 'Neuromancer', 'Kindred']);
    // Has "type" and "data" attributes but also a _key: a document, not an envelope.
    assert.deepEqual(books[4], { _key: 'b5', title: 'Kindred', year: 1979, type: 'novel', data: { pages: 264 } });
    assert.deepEqual((await contents('gen312', 'wrote')).map((d) => d._key), ['w1', 'w2']);
    assert.deepEqual(await contents('gen312', 'drafts'), []);
    const props = await properties('gen312', 'books');
    assert.equal(props.name, 'books');
    assert.equal(props.waitForSync, false);
});

test('a structure file without its data file: arangorestore fails naming the collection', async () => {
    const dir = fixture('v3.3-mmfiles');
    fs.rmSync(path.join(dir, 'follows_d306c37e058603cfea275b98b3286af8.data.json'));
    const r = await restore(dir, 'genmissing');
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout + r.stderr, /could not open data file for collection 'follows'/);
});

test('an envelope of an unknown marker type is an error, not a document', async () => {
    const dir = tempDir('gen-badtype-');
    fs.writeFileSync(
        path.join(dir, 'odd.structure.json'), JSON.stringify({ parameters: { name: 'odd', type: 2 }, indexes: [] }));
    fs.writeFileSync(path.join(dir, 'odd.data.json'), '{"type":2001,"key":"x","data":{}}\n');
    const r = await restore(dir, 'genbad');
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout + r.stderr, /unexpected marker type 2001 in data file of collection 'odd'/);
});
