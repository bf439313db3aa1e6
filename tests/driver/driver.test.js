'use strict';
// The simulator through the official JavaScript driver: arangojs (pinned in tests/driver/package.json,
// installed into the build tree by the driver_npm_install test) against arangosim, in single-server and in
// cluster mode. Every test names the driver call(s) it exercises and asserts the answer a real ArangoDB
// gives (values, status codes, error numbers).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');

const modulesDir = process.env.ARANGOKIT_DRIVER_NODE_MODULES;
if (!modulesDir || !fs.existsSync(path.join(modulesDir, 'arangojs', 'package.json')))
    throw new Error(
        `arangojs is not installed in ${modulesDir}: run the driver_npm_install test ` +
        '(ctest -R driver_npm_install; it needs the npm registry)');
const { Database, aql } = require(path.join(modulesDir, 'arangojs'));
const arangojsVersion = require(path.join(modulesDir, 'arangojs', 'package.json')).version;
const { startServer } = require('../sim/helpers.js');

// Asserts that `p` rejects with an ArangoError of the given HTTP code and errorNum.
async function rejectsWith(p, code, errorNum) {
    await assert.rejects(p, (e) => {
        assert.equal(e.code, code, `HTTP code of ${e.message}`);
        if (errorNum !== undefined) assert.equal(e.errorNum, errorNum, `errorNum of ${e.message}`);
        return true;
    });
}

for (const mode of ['single', 'cluster']) {
    describe(`arangojs ${mode}`, () => {
        let server;
        let root; // _system as root
        let db;   // a test database as root
        const url = () => server.endpoint.replace(/^tcp:/, 'http:');

        before(async () => {
            const args = ['--auth', 'basic', '--user', 'root:pw'];
            if (mode === 'cluster') args.push('--coordinators', '2');
            server = await startServer(args);
            root = new Database({ url: url(), auth: { username: 'root', password: 'pw' } });
            await root.createDatabase('drv');
            db = root.database('drv');
        });
        after(async () => {
            if (root) root.close();
            if (server) await server.stop();
        });

        it('pinned driver version', () => {
            assert.match(arangojsVersion, /^10\.4\./);
        });

        it('db.version(), db.engine(), db.time(), db.status(), db.availability()', async () => {
            const v = await db.version();
            assert.equal(v.server, 'arango');
            assert.match(v.version, /^3\./);
            assert.equal((await db.engine()).name, 'rocksdb');
            const t = await db.time();
            assert.ok(Math.abs(t - Date.now()) < 60000, `time ${t}`);
            const st = await db.status();
            assert.equal(st.server, 'arango');
            assert.equal(st.serverInfo.role, mode === 'cluster' ? 'COORDINATOR' : 'SINGLE');
            assert.equal(await db.availability(), 'default');
        });

        it('x-arango-queue-time-seconds header: db.queueTime', async () => {
            await db.version();
            const last = db.queueTime.getLatest();
            assert.equal(typeof last, 'number');
        });

        if (mode === 'cluster') {
            it('db.acquireHostList() (/_api/cluster/endpoints) and round robin', async () => {
                const lb = new Database({
                    url: url(), auth: { username: 'root', password: 'pw' }, databaseName: 'drv',
                    loadBalancingStrategy: 'ROUND_ROBIN'
                });
                await lb.acquireHostList();
                const hosts = lb._connection._hostUrls || lb._connection.hosts || [];
                assert.equal(hosts.length, 2, `hosts ${JSON.stringify(hosts)}`);
                for (let i = 0; i < 4; i++) assert.equal((await lb.version()).server, 'arango');
                lb.close();
            });
        } else {
            it('/_api/cluster/endpoints on a single server: 403 / 1471', async () => {
                await rejectsWith(root.route('/_api/cluster/endpoints').get(), 403, 1471);
            });
        }

        it('db.login() via /_db/<db>/_open/auth, then bearer requests', async () => {
            const other = new Database({ url: url(), databaseName: 'drv' });
            const jwt = await other.login('root', 'pw');
            assert.equal(typeof jwt, 'string');
            assert.equal(jwt.split('.').length, 3);
            assert.equal((await other.version()).server, 'arango');
            await rejectsWith(new Database({ url: url(), databaseName: 'drv' }).login('root', 'wrong'), 401, 401);
            other.close();
        });

        it('databases: listDatabases, listUserDatabases, exists, dropDatabase', async () => {
            assert.ok((await root.listDatabases()).includes('drv'));
            assert.ok((await root.listUserDatabases()).includes('drv'));
            await root.createDatabase('tmpdb');
            assert.equal(await root.database('tmpdb').exists(), true);
            await root.dropDatabase('tmpdb');
            assert.equal(await root.database('tmpdb').exists(), false);
            await rejectsWith(root.createDatabase('drv'), 409, 1207);
        });

        // ---------------------------------------------------------------- collections and documents
        it('collections: create, exists, properties, count, figures, revision, checksum, listCollections', async () => {
            const c = await db.createCollection('people', { waitForSync: false });
            assert.equal(await c.exists(), true);
            await c.saveAll([{ _key: 'a', name: 'Ann', age: 31 }, { _key: 'b', name: 'Bob', age: 25 }]);
            assert.equal((await c.count()).count, 2);
            const p = await c.properties({ waitForSync: true });
            assert.equal(p.waitForSync, true);
            assert.equal((await c.properties()).waitForSync, true);
            const f = await c.figures();
            assert.equal(f.count, 2);
            assert.equal(typeof f.figures.documentsSize, 'number');
            const r1 = (await c.revision()).revision;
            await c.save({ _key: 'x' });
            const r2 = (await c.revision()).revision;
            assert.notEqual(r1, r2);
            const ck1 = (await c.checksum()).checksum;
            await c.remove('x');
            const ck2 = (await c.checksum()).checksum;
            assert.notEqual(ck1, ck2);
            const names = (await db.listCollections()).map((x) => x.name);
            assert.ok(names.includes('people'));
            await c.properties({ waitForSync: false });
        });

        it('collection.rename()', async () => {
            const c = await db.createCollection('torename');
            await c.save({ _key: 'k', v: 1 });
            if (mode === 'cluster') {
                await rejectsWith(c.rename('renamed'), 501);
                await c.drop();
                return;
            }
            await c.rename('renamed');
            const r = db.collection('renamed');
            assert.equal((await r.document('k')).v, 1);
            assert.equal((await r.document('k'))._id, 'renamed/k');
            assert.equal(await db.collection('torename').exists(), false);
            await r.drop();
        });

        it('collection.shards()', async () => {
            const c = await db.createCollection('sharded', { numberOfShards: 3 });
            if (mode === 'cluster') {
                const s = await c.shards();
                assert.equal(s.shards.length, 3);
                const d = await c.shards(true);
                assert.equal(Object.keys(d.shards).length, 3);
            } else {
                await rejectsWith(c.shards(), 501, 1471);
            }
            await c.drop();
        });

        it('keyOptions autoincrement: increment 5, offset 10', async () => {
            const c = await db.createCollection('auto', {
                keyOptions: { type: 'autoincrement', increment: 5, offset: 10 }
            });
            const a = await c.save({});
            const b = await c.save({});
            const d = await c.save({});
            assert.deepEqual([a._key, b._key, d._key], ['10', '15', '20']);
            const p = await c.properties();
            assert.equal(p.keyOptions.type, 'autoincrement');
            assert.equal(p.keyOptions.increment, 5);
            assert.equal(p.keyOptions.offset, 10);
            await c.save({ _key: '100' });
            assert.equal((await c.save({}))._key, '105');
            await rejectsWith(c.save({ _key: 'abc' }), 400, 1221);
            const nokeys = await db.createCollection('nokeys', { keyOptions: { allowUserKeys: false } });
            await rejectsWith(nokeys.save({ _key: 'mine' }), 400, 1222);
            await rejectsWith(db.createCollection('badgen', { keyOptions: { type: 'weird' } }), 400, 1232);
        });

        it('documents: save, document, update, replace, remove, documentExists, returnNew/returnOld', async () => {
            const c = db.collection('people');
            const s = await c.save({ _key: 'c', name: 'Cid', nested: { x: 1 } }, { returnNew: true });
            assert.equal(s.new.name, 'Cid');
            const u = await c.update('c', { nested: { y: 2 } }, { returnNew: true, returnOld: true });
            assert.deepEqual(u.new.nested, { x: 1, y: 2 });
            assert.deepEqual(u.old.nested, { x: 1 });
            const r = await c.replace('c', { name: 'Cyd' }, { returnNew: true });
            assert.equal(r.new.nested, undefined);
            assert.equal((await c.document('c')).name, 'Cyd');
            assert.equal(await c.documentExists('c'), true);
            await c.remove('c');
            assert.equal(await c.documentExists('c'), false);
            await rejectsWith(c.document('c'), 404, 1202);
            assert.equal(await c.document('c', { graceful: true }), null);
        });

        it('multi-document: documents([...]), updateAll, replaceAll, removeAll', async () => {
            const c = await db.createCollection('multi');
            await c.saveAll([{ _key: 'm1', v: 1 }, { _key: 'm2', v: 2 }, { _key: 'm3', v: 3 }]);
            const docs = await c.documents(['m1', { _key: 'm3' }]);
            assert.deepEqual(docs.map((d) => d.v), [1, 3]);
            const u = await c.updateAll([{ _key: 'm1', w: 10 }, { _key: 'm2', w: 20 }], { returnNew: true });
            assert.deepEqual(u.map((x) => x.new.w), [10, 20]);
            assert.equal((await c.document('m1')).v, 1);
            const r = await c.replaceAll([{ _key: 'm1', z: 1 }], { returnNew: true });
            assert.equal(r[0].new.v, undefined);
            assert.equal(r[0].new.z, 1);
            const rm = await c.removeAll(['m1', 'm2']);
            assert.equal(rm.length, 2);
            assert.equal((await c.count()).count, 1);
            const missing = await c.removeAll(['nope']);
            assert.equal(missing[0].error, true);
            assert.equal(missing[0].errorNum, 1202);
        });

        it('collection.import() (/_api/import)', async () => {
            const c = await db.createCollection('imp');
            const res = await c.import([{ _key: 'i1', a: 1 }, { _key: 'i2', a: 2 }, { _key: 'i1' }]);
            assert.equal(res.created, 2);
            assert.equal(res.errors, 1);
        });

        // ---------------------------------------------------------------- indexes
        it('indexes: ensureIndex persistent/hash/skiplist (unique, sparse), ttl, fulltext, geo; index(); indexes(); dropIndex()', async () => {
            const c = await db.createCollection('ix');
            const p = await c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, name: 'by_email' });
            assert.equal(p.isNewlyCreated, true);
            assert.equal(p.type, 'persistent');
            assert.equal(p.unique, true);
            assert.equal(p.name, 'by_email');
            const again = await c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, name: 'by_email' });
            assert.equal(again.isNewlyCreated, false);
            assert.equal(again.id, p.id);
            const h = await c.ensureIndex({ type: 'hash', fields: ['a', 'b'], sparse: true });
            assert.equal(h.type, 'persistent');
            assert.equal(h.sparse, true);
            const s = await c.ensureIndex({ type: 'skiplist', fields: ['n'] });
            assert.equal(s.type, 'persistent');
            const t = await c.ensureIndex({ type: 'ttl', fields: ['at'], expireAfter: 3600 });
            assert.equal(t.type, 'ttl');
            assert.equal(t.expireAfter, 3600);
            const ft = await c.ensureIndex({ type: 'fulltext', fields: ['text'], minLength: 3 });
            assert.equal(ft.type, 'fulltext');
            const g = await c.ensureIndex({ type: 'geo', fields: ['loc'], geoJson: true });
            assert.equal(g.type, 'geo');
            assert.equal(g.geoJson, true);
            const list = await c.indexes();
            assert.deepEqual(list.map((i) => i.type), ['primary', 'persistent', 'persistent', 'persistent', 'ttl', 'fulltext', 'geo']);
            assert.equal((await c.index(p.id)).name, 'by_email');
            assert.equal((await c.index('by_email')).id, p.id);
            const dropped = await c.dropIndex(s.id);
            assert.equal(dropped.id, s.id);
            await rejectsWith(c.index(s.id), 404, 1212);
            await rejectsWith(c.dropIndex(`ix/0`), 403);
            await rejectsWith(c.ensureIndex({ type: 'nonsense', fields: ['a'] }), 400, 10);
            const e = await db.createEdgeCollection('ixedges');
            assert.deepEqual((await e.indexes()).map((i) => i.type), ['primary', 'edge']);
        });

        it('ttl index: expired documents are removed (numeric seconds and ISO dates)', async () => {
            const c = await db.createCollection('ttlc');
            await c.ensureIndex({ type: 'ttl', fields: ['at'], expireAfter: 5 });
            const now = Date.now() / 1000;
            await c.saveAll([
                { _key: 'old', at: now - 60 }, { _key: 'iso', at: new Date(Date.now() - 60000).toISOString() },
                { _key: 'fresh', at: now }, { _key: 'none' }
            ]);
            await new Promise((r) => setTimeout(r, 1200));
            await db.version(); // the sweep runs on a request, at most once a second
            const keys = await (await db.query('FOR d IN ttlc SORT d._key RETURN d._key')).all();
            assert.deepEqual(keys, ['fresh', 'none']);
        });

        it('unique indexes enforced (1210) by inserts, updates, imports and AQL', async () => {
            const c = db.collection('ix');
            await c.save({ _key: 'u1', email: 'a@x' });
            await rejectsWith(c.save({ _key: 'u2', email: 'a@x' }), 409, 1210);
            await c.save({ _key: 'u3', email: 'b@x' });
            await rejectsWith(c.update('u3', { email: 'a@x' }), 409, 1210);
            const res = await c.import([{ _key: 'u4', email: 'a@x' }, { _key: 'u5', email: 'c@x' }]);
            assert.equal(res.created, 1);
            assert.equal(res.errors, 1);
            await rejectsWith(db.query(aql`INSERT {email: 'c@x'} INTO ix`), 409, 1210);
            // A unique index on existing duplicates cannot be created.
            const dup = await db.createCollection('dups');
            await dup.saveAll([{ v: 1 }, { v: 1 }]);
            await rejectsWith(dup.ensureIndex({ type: 'persistent', fields: ['v'], unique: true }), 409, 1210);
            // Sparse unique indexes skip documents without the attribute.
            await dup.ensureIndex({ type: 'persistent', fields: ['w'], unique: true, sparse: true });
            await dup.saveAll([{ x: 1 }, { x: 2 }]);
            assert.equal((await dup.count()).count, 4);
        });

        // ---------------------------------------------------------------- AQL
        it('AQL: RETURN 23, ranges, arithmetic, comparisons, logic', async () => {
            const q = async (query, bindVars) => (await db.query(query, bindVars)).all();
            assert.deepEqual(await q('RETURN 23'), [23]);
            assert.deepEqual(await q('FOR i IN 0..10 RETURN i'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            assert.deepEqual(await q('RETURN [1 + 2 * 3, 7 / 2, 7 % 3, -(2 - 5), 1 / 0]'), [[7, 3.5, 1, 3, null]]);
            assert.deepEqual(await q('RETURN [1 == 1.0, 1 != 2, 2 < 3, 3 <= 3, 4 > 5, 5 >= 5, "a" < "b", null < false, [] > "z"]'),
                [[true, true, true, true, false, true, true, true, true]]);
            assert.deepEqual(await q('RETURN [true && false, true || false, !true, NOT false, null || "x", 0 && 1, 2 IN [1,2], 3 NOT IN [1,2]]'),
                [[false, true, false, true, 'x', 0, true, true]]);
            assert.deepEqual(await q("RETURN ['abc' LIKE 'a%', 'abc' NOT LIKE '_b', 'abc' =~ '^a.c$', 'abc' !~ 'z']"),
                [[true, true, true, true]]);
            assert.deepEqual(await q('RETURN 1 > 0 ? "yes" : "no"'), ['yes']);
            assert.deepEqual(await q('RETURN [1, 2, 3] ANY == 2'), [true]);
            assert.deepEqual(await q('RETURN [1, 2, 3] ALL > 0'), [true]);
        });

        it('AQL: FOR/FILTER/SORT/LIMIT/LET, attribute paths, projections, object and array construction', async () => {
            const c = await db.createCollection('aq');
            await c.saveAll([
                { _key: '1', name: 'ann', age: 31, tags: ['x', 'y'], addr: { city: 'Oslo' } },
                { _key: '2', name: 'bob', age: 25, tags: ['y'], addr: { city: 'Rome' } },
                { _key: '3', name: 'cid', age: 40, tags: [], addr: { city: 'Oslo' } },
                { _key: '4', name: 'dan', age: 25, tags: ['x'], addr: null },
            ]);
            const q = async (query, bindVars, opts) => (await db.query(query, bindVars, opts)).all();
            assert.deepEqual(await q('FOR p IN aq FILTER p.age >= 30 SORT p.age DESC RETURN p.name'), ['cid', 'ann']);
            assert.deepEqual(await q('FOR p IN aq FILTER p.addr.city == "Oslo" && p.age < 35 RETURN p._key'), ['1']);
            assert.deepEqual(await q('FOR p IN aq SORT p.age, p.name DESC LIMIT 1, 2 RETURN p.name'), ['bob', 'ann']);
            assert.deepEqual(await q('FOR p IN aq FILTER p._key == "2" LET t = LENGTH(p.tags) RETURN {n: p.name, t, city: p.addr.city, first: p.tags[0], all: p.tags[*]}'),
                [{ n: 'bob', t: 1, city: 'Rome', first: 'y', all: ['y'] }]);
            assert.deepEqual(await q('FOR p IN aq FILTER p.addr == null RETURN [p.name, p.addr.city]'), [['dan', null]]);
            assert.deepEqual(await q('FOR p IN @@c FILTER p.age == @age SORT p._key RETURN p.name', { '@c': 'aq', age: 25 }), ['bob', 'dan']);
            assert.deepEqual(await q('FOR p IN aq FILTER "x" IN p.tags SORT p.name RETURN p.name'), ['ann', 'dan']);
            assert.deepEqual(await q('RETURN (FOR p IN aq FILTER p.age > 30 SORT p.name RETURN p.name)'), [['ann', 'cid']]);
            assert.deepEqual(await q('FOR p IN aq SORT p.name LIMIT 1 RETURN {[p.name]: p.age}'), [{ ann: 31 }]);
            assert.deepEqual(await q('FOR a IN [1,2] FOR b IN [10,20] RETURN a * b'), [10, 20, 20, 40]);
            assert.deepEqual(await q('FOR p IN aq SORT p.age RETURN DISTINCT p.age'), [25, 31, 40]);
        });

        it('AQL: COLLECT with WITH COUNT INTO, AGGREGATE and INTO', async () => {
            const q = async (query) => (await db.query(query)).all();
            assert.deepEqual(await q('FOR p IN aq COLLECT age = p.age WITH COUNT INTO n RETURN {age, n}'),
                [{ age: 25, n: 2 }, { age: 31, n: 1 }, { age: 40, n: 1 }]);
            assert.deepEqual(await q('FOR p IN aq COLLECT city = p.addr.city AGGREGATE total = SUM(p.age), oldest = MAX(p.age), n = LENGTH(1) RETURN [city, total, oldest, n]'),
                [[null, 25, 25, 1], ['Oslo', 71, 40, 2], ['Rome', 25, 25, 1]]);
            assert.deepEqual(await q('FOR p IN aq COLLECT age = p.age INTO g = p.name RETURN {age, names: g}'),
                [{ age: 25, names: ['bob', 'dan'] }, { age: 31, names: ['ann'] }, { age: 40, names: ['cid'] }]);
            const into = await q('FOR p IN aq FILTER p.age == 40 COLLECT a = p.age INTO grp RETURN grp[0].p.name');
            assert.deepEqual(into, ['cid']);
            assert.deepEqual(await q('FOR p IN aq COLLECT WITH COUNT INTO n RETURN n'), [4]);
            assert.deepEqual(await q('FOR p IN [] COLLECT WITH COUNT INTO n RETURN n'), [0]);
            assert.deepEqual(await q('FOR p IN aq COLLECT AGGREGATE lo = MIN(p.age), avg = AVERAGE(p.age) RETURN [lo, avg]'), [[25, 30.25]]);
        });

        it('AQL functions', async () => {
            const [r] = await (await db.query(`RETURN {
                len: [LENGTH([1,2,3]), LENGTH("héllo"), LENGTH({a:1}), COUNT([1])],
                agg: [SUM([1,2,3]), MIN([3,1,2]), MAX([3,null,7]), AVERAGE([1,2,3,4])],
                str: [CONCAT("a", 1, null, "b"), UPPER("abc"), LOWER("ABC"), CONTAINS("foobar", "oba"),
                      CONTAINS("foobar", "x", true), LIKE("Hello", "h%", true), SUBSTRING("hello", 1, 3)],
                obj: [MERGE({a:1}, {b:2}, {a:3}), KEEP({a:1,b:2,c:3}, "a", "c"), UNSET({a:1,b:2}, "a"),
                      HAS({a:null}, "a"), HAS({}, "a")],
                types: [IS_NULL(null), IS_NULL(0), TO_NUMBER("12"), TO_NUMBER("x"), TO_NUMBER(true),
                        TO_STRING(12), TO_STRING([1]), TO_STRING(null)],
                arr: [FIRST([1,2]), LAST([1,2]), FIRST([]), UNIQUE([1,1,2]), APPEND([1], [2,3]),
                      APPEND([1], 1, true), RANGE(1, 7, 3), RANGE(3, 1)]
            }`)).all();
            assert.deepEqual(r.len, [3, 5, 1, 1]);
            assert.deepEqual(r.agg, [6, 1, 7, 2.5]);
            assert.deepEqual(r.str, ['a1b', 'ABC', 'abc', true, -1, true, 'ell']);
            assert.deepEqual(r.obj, [{ a: 3, b: 2 }, { a: 1, c: 3 }, { b: 2 }, true, false]);
            assert.deepEqual(r.types, [true, false, 12, 0, 1, '12', '[1]', '']);
            assert.deepEqual(r.arr, [1, 2, null, [1, 2], [1, 2, 3], [1], [1, 4, 7], [3, 2, 1]]);
            const [now, rnd] = await (await db.query('RETURN [DATE_NOW(), RAND()]')).next();
            assert.ok(Math.abs(now - Date.now()) < 60000);
            assert.ok(rnd >= 0 && rnd < 1);
        });

        it('AQL: INSERT/UPDATE/REPLACE/REMOVE/UPSERT with OLD and NEW', async () => {
            await db.createCollection('mod');
            const q = async (query, bindVars) => (await db.query(query, bindVars)).all();
            assert.deepEqual(await q('FOR i IN 1..3 INSERT {_key: TO_STRING(i), v: i} INTO mod RETURN NEW.v'), [1, 2, 3]);
            assert.deepEqual(await q('FOR d IN mod FILTER d.v >= 2 UPDATE d WITH {w: d.v * 10} IN mod RETURN [OLD.w, NEW.w]'),
                [[null, 20], [null, 30]]);
            assert.deepEqual(await q('UPDATE "1" WITH {v: 100} IN mod RETURN NEW.v'), [100]);
            assert.deepEqual(await q('REPLACE {_key: "2", only: true} IN mod RETURN [OLD.v, NEW.only, HAS(NEW, "v")]'), [[2, true, false]]);
            assert.deepEqual(await q('REMOVE "3" IN mod RETURN OLD.w'), [30]);
            assert.deepEqual(await q('UPSERT {_key: "9"} INSERT {_key: "9", n: 1} UPDATE {n: OLD.n + 1} IN mod RETURN NEW.n'), [1]);
            assert.deepEqual(await q('UPSERT {_key: "9"} INSERT {_key: "9", n: 1} UPDATE {n: OLD.n + 1} IN mod RETURN [OLD.n, NEW.n]'), [[1, 2]]);
            assert.deepEqual(await q('FOR d IN @@c SORT d._key RETURN d._key', { '@c': 'mod' }), ['1', '2', '9']);
            const cursor = await db.query('FOR d IN mod REMOVE d IN mod');
            assert.deepEqual(await cursor.all(), []);
            assert.equal(cursor.extra.stats.writesExecuted, 3);
            await rejectsWith(db.query('UPDATE "missing" WITH {} IN mod'), 404, 1202);
            const ign = await db.query('UPDATE "missing" WITH {} IN mod OPTIONS {ignoreErrors: true}');
            assert.equal(ign.extra.stats.writesIgnored, 1);
        });

        it('AQL: cursor options count, batchSize, ttl, fullCount; cursor.kill()', async () => {
            const cur = await db.query('FOR i IN 1..10 RETURN i', {}, { count: true, batchSize: 3, ttl: 60 });
            assert.equal(cur.count, 10);
            assert.equal(cur.batches.hasMore, true);
            assert.deepEqual(await cur.all(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            const fc = await db.query('FOR i IN 1..10 FILTER i > 2 LIMIT 2 RETURN i', {}, { fullCount: true });
            assert.deepEqual(await fc.all(), [3, 4]);
            assert.equal(fc.extra.stats.fullCount, 8);
            const k = await db.query('FOR i IN 1..10 RETURN i', {}, { batchSize: 2 });
            await k.kill();
            await rejectsWith(db.route(`/_api/cursor/${k.id}`).put(), 404, 1600);
        });

        it('AQL errors: syntax 1501, unsupported 1501 (never a wrong answer), unknown function 1540, bind parameters 1551/1552, missing collection 1203', async () => {
            await rejectsWith(db.query('FOR x IN'), 400, 1501);
            await rejectsWith(db.query("FOR v, e IN 1..2 OUTBOUND 'aq/1' GRAPH 'g' RETURN v"), 400, 1501);
            await assert.rejects(db.query('FOR d IN aq SEARCH d.x == 1 RETURN d'), /not supported by the simulator/);
            await rejectsWith(db.query('RETURN FOO_BAR(1)'), 400, 1540);
            await rejectsWith(db.query('RETURN @x'), 400, 1551);
            await rejectsWith(db.query('RETURN 1', { y: 1 }), 400, 1552);
            await rejectsWith(db.query('FOR d IN nowhere RETURN d'), 404, 1203);
        });

        it('db.explain() and db.parse()', async () => {
            const ex = await db.explain('FOR d IN aq FILTER d.age > 1 RETURN d');
            assert.ok(Array.isArray(ex.plan.nodes));
            assert.equal(ex.plan.nodes[0].type, 'SingletonNode');
            assert.ok(ex.plan.collections.some((c) => c.name === 'aq'));
            const all = await db.explain('RETURN 1', {}, { allPlans: true });
            assert.equal(all.plans.length, 1);
            const p = await db.parse('FOR d IN aq FILTER d.age > @min RETURN d');
            assert.equal(p.parsed, true);
            assert.deepEqual(p.collections, ['aq']);
            assert.deepEqual(p.bindVars, ['min']);
            await rejectsWith(db.parse('FOR d IN'), 400, 1501);
        });

        it('query management: listRunningQueries, listSlowQueries, clearSlowQueries, queryTracking, killQuery', async () => {
            assert.deepEqual(await db.listRunningQueries(), []);
            assert.deepEqual(await db.listSlowQueries(), []);
            await db.clearSlowQueries();
            const t = await db.queryTracking();
            assert.equal(t.enabled, true);
            const t2 = await db.queryTracking({ slowQueryThreshold: 5 });
            assert.equal(t2.slowQueryThreshold, 5);
            assert.equal((await db.queryTracking()).slowQueryThreshold, 5);
            await rejectsWith(db.killQuery('12345'), 404, 1591);
        });

        // ---------------------------------------------------------------- transactions
        it('streaming transactions: begin, step, get, listTransactions, commit (reads own writes)', async () => {
            const c = await db.createCollection('trx');
            const trx = await db.beginTransaction({ write: ['trx'] });
            assert.equal((await trx.get()).status, 'running');
            await trx.step(() => c.save({ _key: 't1', v: 1 }));
            const seen = await trx.step(() => c.document('t1'));
            assert.equal(seen.v, 1);
            const viaAql = await trx.step(() => db.query('FOR d IN trx RETURN d._key'));
            assert.deepEqual(await viaAql.all(), ['t1']);
            // db.listTransactions() of arangojs 10.4 asks _system (no /_db/ prefix), as ArangoDB lists per database.
            assert.ok(Array.isArray(await db.listTransactions()));
            const list = (await db.route('/_api/transaction').get()).parsedBody.transactions;
            assert.deepEqual(list.filter((t) => t.id === trx.id), [{ id: trx.id, state: 'running' }]);
            const done = await trx.commit();
            assert.equal(done.status, 'committed');
            assert.equal((await c.document('t1')).v, 1);
            assert.equal(await (await db.beginTransaction('trx')).exists(), true);
        });

        it('streaming transactions: abort undoes writes; undeclared write 1652; unknown id 1655', async () => {
            const c = db.collection('trx');
            const trx = await db.beginTransaction({ write: [c] });
            await trx.step(() => c.save({ _key: 't2' }));
            await trx.step(() => c.update('t1', { v: 2 }));
            await trx.step(() => c.remove('t1'));
            assert.equal(await trx.step(() => c.documentExists('t2')), true);
            const ab = await trx.abort();
            assert.equal(ab.status, 'aborted');
            assert.equal(await c.documentExists('t2'), false);
            assert.equal((await c.document('t1')).v, 1);
            const ro = await db.beginTransaction({ read: ['trx'] });
            await rejectsWith(ro.step(() => c.save({})), 400, 1652);
            await ro.abort();
            await rejectsWith(db.transaction('999999').get(), 404, 1655);
        });

        it('db.executeTransaction (JavaScript transaction): commit, reads own writes, abort on throw, params', async () => {
            const c = db.collection('trx');
            const r = await db.executeTransaction({ write: ['trx'] }, String(function (params) {
                const db = require('@arangodb').db;
                db.trx.save({ _key: 'js1', v: params.v });
                db.trx.update('js1', { w: db.trx.document('js1').v + 1 });
                return db._query('FOR d IN trx FILTER d._key == "js1" RETURN d.w').toArray()[0];
            }), { params: { v: 41 } });
            assert.equal(r, 42);
            assert.equal((await c.document('js1')).w, 42);
            await rejectsWith(db.executeTransaction({ write: ['trx'] }, String(function () {
                const db = require('@arangodb').db;
                db.trx.save({ _key: 'js2' });
                db.trx.remove('js1');
                throw new Error('rollback please');
            })), 500, 1650);
            assert.equal(await c.documentExists('js2'), false);
            assert.equal(await c.documentExists('js1'), true);
            // An ArangoError inside the action is the transaction's answer.
            await rejectsWith(db.executeTransaction({ write: ['trx'] }, String(function () {
                require('@arangodb').db.trx.save({ _key: 'js1' });
            })), 409, 1210);
            // Writes to a collection not declared for writing fail as in ArangoDB.
            await rejectsWith(db.executeTransaction({ read: ['trx'] }, String(function () {
                require('@arangodb').db.trx.save({});
            })), 400, 1652);
            await rejectsWith(db.executeTransaction({ write: ['trx'] }, 'not a function'), 400);
        });

        // ---------------------------------------------------------------- graphs and edges
        it('graphs: create, get, vertex/edge collections added and removed, vertex and edge CRUD, edges, drop(true)', async () => {
            const g = db.graph('social');
            await g.create([{ collection: 'knows', from: ['persons'], to: ['persons'] }]);
            assert.equal(await g.exists(), true);
            assert.deepEqual(await g.listVertexCollections(), ['persons']);
            assert.deepEqual(await g.listEdgeCollections(), ['knows']);
            await g.addVertexCollection('places');
            assert.deepEqual((await g.listVertexCollections()).sort(), ['persons', 'places']);
            await g.removeVertexCollection('places', true);
            assert.equal(await db.collection('places').exists(), false);
            await g.addEdgeDefinition({ collection: 'visits', from: ['persons'], to: ['cities'] });
            assert.deepEqual((await g.listEdgeCollections()).sort(), ['knows', 'visits']);
            await g.replaceEdgeDefinition({ collection: 'visits', from: ['persons'], to: ['towns'] });
            assert.ok((await g.listVertexCollections()).includes('towns'));
            await g.removeEdgeDefinition('visits');
            assert.deepEqual(await g.listEdgeCollections(), ['knows']);

            const persons = g.vertexCollection('persons');
            const a = await persons.save({ _key: 'a', name: 'A' });
            assert.equal(a._id, 'persons/a');
            await persons.save({ _key: 'b', name: 'B' });
            assert.equal((await persons.vertex('a')).name, 'A');
            await persons.update('a', { age: 3 });
            assert.equal((await persons.vertex('a')).age, 3);
            await persons.replace('b', { name: 'BB' });
            assert.equal((await persons.vertex('b')).name, 'BB');
            const knows = g.edgeCollection('knows');
            const e = await knows.save({ _from: 'persons/a', _to: 'persons/b', since: 2020 });
            assert.equal((await knows.edge(e._key)).since, 2020);
            await knows.update(e._key, { since: 2021 });
            assert.equal((await knows.edge(e._key)).since, 2021);
            await rejectsWith(knows.save({ _from: 'persons/a', _to: 'persons/zzz' }), 404, 1202);
            const kc = db.collection('knows');
            assert.equal((await kc.outEdges('persons/a')).edges.length, 1);
            assert.equal((await kc.inEdges('persons/a')).edges.length, 0);
            // arangojs 10.4 sends direction=undefined for edges(), which ArangoDB rejects as the simulator does.
            await rejectsWith(kc.edges('persons/b'), 400, 400);
            assert.equal((await db.route('/_api/edges/knows').get({ vertex: 'persons/b' })).parsedBody.edges.length, 1);
            await persons.remove('b');
            assert.equal((await kc.count()).count, 0, 'edges of a removed vertex go with it');
            await g.drop(true);
            assert.equal(await g.exists(), false);
            assert.equal(await db.collection('persons').exists(), false);
            assert.equal(await db.collection('knows').exists(), false);
        });

        // ---------------------------------------------------------------- views, analyzers, replication
        it('views and analyzers: listed as none, creation a clear 501', async () => {
            assert.deepEqual(await db.listViews(), []);
            await rejectsWith(db.createView('v1', { type: 'arangosearch' }), 501, 9);
            await rejectsWith(db.view('nope').get(), 404, 1203);
            const an = await db.listAnalyzers();
            assert.ok(an.some((x) => x.name === 'identity'));
            await rejectsWith(db.createAnalyzer('a1', { type: 'identity' }), 501, 9);
        });

        it('/_api/replication/batch create, extend, delete', async () => {
            const b = await db.route('/_api/replication/batch').post({ ttl: 30 });
            assert.match(String(b.parsedBody.id), /^\d+$/);
            const ext = await db.route(`/_api/replication/batch/${b.parsedBody.id}`).put({ ttl: 30 });
            assert.equal(ext.status, 204);
            const del = await db.route(`/_api/replication/batch/${b.parsedBody.id}`).delete();
            assert.equal(del.status, 204);
        });

        // ---------------------------------------------------------------- users and permissions
        it('users: createUser, listUsers, getUser, updateUser, replaceUser, removeUser; 1702 duplicate, 1703 not found', async () => {
            const u = await root.createUser('alice', { passwd: 'a', extra: { team: 'x' } });
            assert.equal(u.user, 'alice');
            assert.equal(u.active, true);
            assert.deepEqual(u.extra, { team: 'x' });
            await rejectsWith(root.createUser('alice', 'a'), 409, 1702);
            const users = await root.listUsers();
            assert.ok(users.some((x) => x.user === 'alice'));
            assert.ok(users.some((x) => x.user === 'root'));
            assert.equal((await root.getUser('alice')).extra.team, 'x');
            const up = await root.updateUser('alice', { extra: { more: 1 } });
            assert.deepEqual(up.extra, { team: 'x', more: 1 });
            const rep = await root.replaceUser('alice', { passwd: 'a2', extra: { only: true } });
            assert.deepEqual(rep.extra, { only: true });
            await root.createUser('tmpuser', 't');
            await root.removeUser('tmpuser');
            await rejectsWith(root.getUser('tmpuser'), 404, 1703);
        });

        it('grants: setUserAccessLevel, getUserAccessLevel, getUserDatabases, clearUserAccessLevel (database and collection)', async () => {
            const r = await root.setUserAccessLevel('alice', { database: 'drv' }, 'rw');
            assert.equal(r.drv, 'rw');
            assert.equal(await root.getUserAccessLevel('alice', { database: 'drv' }), 'rw');
            const c = await root.setUserAccessLevel('alice', { database: 'drv', collection: 'people' }, 'ro');
            assert.equal(c['drv/people'], 'ro');
            assert.equal(await root.getUserAccessLevel('alice', { database: 'drv', collection: 'people' }), 'ro');
            assert.equal(await root.getUserAccessLevel('alice', { database: 'drv', collection: 'aq' }), 'rw');
            const dbs = await root.getUserDatabases('alice');
            assert.deepEqual(dbs, { drv: 'rw' });
            const full = await root.getUserDatabases('alice', true);
            assert.equal(full.drv.permission, 'rw');
            assert.equal(full.drv.collections.people, 'ro');
            await root.clearUserAccessLevel('alice', { database: 'drv', collection: 'people' });
            assert.equal(await root.getUserAccessLevel('alice', { database: 'drv', collection: 'people' }), 'rw');
            await rejectsWith(root.setUserAccessLevel('alice', { database: 'drv' }, 'bogus'), 400);
            await rejectsWith(root.setUserAccessLevel('ghost', { database: 'drv' }, 'ro'), 404, 1703);
        });

        it('permissions: rw writes, ro reads only (403/11), none is 401/11, collection-level ro, revoked is 401', async () => {
            await root.createUser('reader', 'r');
            await root.setUserAccessLevel('reader', { database: 'drv' }, 'ro');
            await root.setUserAccessLevel('alice', { database: 'drv', collection: 'aq' }, 'ro');
            const as = (user, pw) => new Database({ url: url(), databaseName: 'drv', auth: { username: user, password: pw } });
            const alice = as('alice', 'a2');
            const reader = as('reader', 'r');
            // rw on the database: writes work.
            await alice.collection('people').save({ _key: 'byalice' });
            // ro on the collection: reads work, writes are 403.
            assert.equal((await (await alice.query('FOR d IN aq LIMIT 1 RETURN 1')).all()).length, 1);
            await rejectsWith(alice.collection('aq').save({}), 403, 11);
            await rejectsWith(alice.query('INSERT {} INTO aq'), 403, 11);
            // ro on the database.
            assert.equal((await reader.collection('people').document('byalice'))._key, 'byalice');
            await rejectsWith(reader.collection('people').save({}), 403, 11);
            await rejectsWith(reader.collection('people').truncate(), 403, 11);
            await rejectsWith(reader.createCollection('nope'), 403, 11);
            await rejectsWith(reader.collection('people').ensureIndex({ type: 'persistent', fields: ['q'] }), 403, 11);
            await rejectsWith(reader.beginTransaction({ write: ['people'] }), 403, 11);
            // No access to _system: 401, as ArangoDB answers.
            await rejectsWith(as('reader', 'r').database('_system').version(), 401, 11);
            // Not an administrator: user management is 403.
            await rejectsWith(reader.database('drv').createUser('x', 'y'), 403, 11);
            // A user can read itself.
            assert.equal((await new Database({ url: url(), auth: { username: 'reader', password: 'r' } }).getUser('reader')).user, 'reader');
            // none on the database: 401.
            await root.setUserAccessLevel('reader', { database: 'drv' }, 'none');
            await rejectsWith(reader.version(), 401, 11);
            await root.clearUserAccessLevel('reader', { database: 'drv' });
            await rejectsWith(reader.collection('people').document('byalice'), 401, 11);
            // Wrong password and inactive users: 401.
            await rejectsWith(as('alice', 'nope').version(), 401, 11);
            await root.updateUser('alice', { active: false });
            await rejectsWith(alice.version(), 401, 11);
            await root.updateUser('alice', { active: true });
            assert.equal((await alice.version()).server, 'arango');
            alice.close();
            reader.close();
        });

        it('createDatabase with users grants them rw', async () => {
            await root.createDatabase('owned', { users: [{ username: 'owner', passwd: 'o' }] });
            const owner = new Database({ url: url(), databaseName: 'owned', auth: { username: 'owner', password: 'o' } });
            const c = await owner.createCollection('mine');
            await c.save({ _key: 'k' });
            assert.equal((await c.count()).count, 1);
            assert.equal(await root.getUserAccessLevel('owner', { database: 'owned' }), 'rw');
            owner.close();
        });
    });
}
