'use strict';
// Snippets written for real arangosh, run unchanged against arangosim: db._query with AQL beyond FILTER ==,
// collection indexes (ensureIndex, getIndexes, dropIndex), require('@arangodb/users') with grants and
// their effect, and db._executeTransaction (commit, abort on throw, reads of its own writes).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const h = require('./helpers');

describe('arangosh arangodb api', { timeout: 180000 }, () => {
    let server;
    let sh;
    let dir;
    let n = 0;
    before(async () => {
        server = await h.startServer(['--auth', 'basic', '--user', 'root:pw']);
        sh = h.shellFor(server.endpoint, 'pw');
        dir = h.tempDir();
    });
    // Snippets go through a file: option values on the command line get @ENV@ substitution, like arangosh's.
    const file = (code) => {
        const f = path.join(dir, `snippet${++n}.js`);
        fs.writeFileSync(f, code);
        return f;
    };
    after(async () => {
        if (server) await server.stop();
        await h.cleanup();
    });
    const T = { timeout: 60000 };
    // Runs a snippet whose last statement prints one JSON line; returns it parsed.
    const json = async (code) => {
        const r = await sh.run(['--javascript.execute', file(code)]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        return JSON.parse(r.stdout.trim().split('\n').pop());
    };

    it('db._query runs AQL with COLLECT, SORT, LIMIT, subqueries and modifications', T, async () => {
        const out = await json(`
            const c = db._create('shop');
            db._query('FOR i IN 1..6 INSERT {_key: TO_STRING(i), kind: i % 2 == 0 ? "even" : "odd", n: i} INTO shop');
            const groups = db._query('FOR d IN shop COLLECT kind = d.kind AGGREGATE total = SUM(d.n) WITH COUNT INTO cnt SORT kind RETURN {kind, total, cnt}').toArray();
            const top = db._query('FOR d IN shop SORT d.n DESC LIMIT 1, 2 RETURN d.n').toArray();
            const sub = db._query('RETURN (FOR d IN @@c FILTER d.n > @min RETURN d._key)', { '@c': 'shop', min: 4 }).toArray();
            const upd = db._query('FOR d IN shop FILTER d.kind == "odd" UPDATE d WITH {odd: true} IN shop RETURN NEW.odd').toArray();
            const cur = db._query('FOR d IN shop RETURN d', {}, { count: true, batchSize: 2 });
            print(JSON.stringify({ groups, top, sub, upd, count: cur.count(), len: cur.toArray().length }));`);
        assert.deepStrictEqual(out.groups, [{ kind: 'even', total: 12, cnt: 3 }, { kind: 'odd', total: 9, cnt: 3 }]);
        assert.deepStrictEqual(out.top, [5, 4]);
        assert.deepStrictEqual(out.sub, [['5', '6']]);
        assert.deepStrictEqual(out.upd, [true, true, true]);
        assert.strictEqual(out.count, 6);
        assert.strictEqual(out.len, 6);
    });

    it('an unsupported AQL construct is an ArangoError 1501, not a wrong answer', T, async () => {
        const out = await json(`
            let e;
            try { db._query("FOR v IN 1..2 OUTBOUND 'shop/1' GRAPH 'g' RETURN v"); } catch (x) { e = x; }
            print(JSON.stringify({ num: e.errorNum, code: e.code, simulated: /not supported by the simulator/.test(e.errorMessage) }));`);
        assert.deepStrictEqual(out, { num: 1501, code: 400, simulated: true });
    });

    it('collection.ensureIndex, getIndexes, index, dropIndex; unique indexes enforced', T, async () => {
        const out = await json(`
            const c = db._create('people');
            const ix = c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true });
            const again = c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true });
            const ttl = c.ensureIndex({ type: 'ttl', fields: ['at'], expireAfter: 60 });
            c.save({ email: 'a@x' });
            let dup;
            try { c.save({ email: 'a@x' }); } catch (e) { dup = e.errorNum; }
            const types = c.getIndexes().map((i) => i.type);
            const byId = c.index(ix.id).fields;
            const dropped = c.dropIndex(ttl.id);
            const droppedAgain = c.dropIndex(ttl.id);
            print(JSON.stringify({ created: ix.isNewlyCreated, again: again.isNewlyCreated, same: ix.id === again.id,
                dup, types, byId, dropped, droppedAgain, after: c.getIndexes().length }));`);
        assert.deepStrictEqual(out, {
            created: true, again: false, same: true, dup: 1210, types: ['primary', 'persistent', 'ttl'],
            byId: ['email'], dropped: true, droppedAgain: false, after: 2
        });
    });

    it("require('@arangodb/users'): save, document, update, grants, permission, and their effect", T, async () => {
        const out = await json(`
            const users = require('@arangodb/users');
            users.save('ann', 'secret', true, { team: 'a' });
            users.grantDatabase('ann', '_system', 'ro');
            users.grantCollection('ann', '_system', 'people', 'rw');
            const perm = users.permission('ann', '_system');
            const coll = users.permission('ann', '_system', 'people');
            const other = users.permission('ann', '_system', 'shop');
            users.update('ann', undefined, undefined, { more: 1 });
            const doc = users.document('ann');
            const names = users.all().map((u) => u.user).sort();
            let dup;
            try { users.save('ann', 'x'); } catch (e) { dup = e.errorNum; }
            print(JSON.stringify({ perm, coll, other, extra: doc.extra, names, dup, exists: users.exists('ann'), ghost: users.exists('ghost') }));`);
        assert.deepStrictEqual(out, {
            perm: 'ro', coll: 'rw', other: 'ro', extra: { team: 'a', more: 1 }, names: ['ann', 'root'], dup: 1702,
            exists: true, ghost: false
        });
        // As ann: the collection grant lets her write people, the database grant only read shop.
        const ann = h.shellFor(server.endpoint, 'secret');
        const r = await ann.run(['--server.username', 'ann', '--javascript.execute', file(`
            db.people.save({ email: 'ann@x' });
            let e;
            try { db.shop.save({}); } catch (x) { e = x; }
            print(JSON.stringify({ n: db.shop.count(), num: e.errorNum, code: e.code }));`)]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout.trim().split('\n').pop()), { n: 6, num: 11, code: 403 });
        const revoke = await json(`
            const users = require('@arangodb/users');
            users.revokeDatabase('ann', '_system');
            users.revokeCollection('ann', '_system', 'people');
            print(JSON.stringify(users.permission('ann', '_system')));`);
        assert.strictEqual(revoke, 'none');
        const denied = await ann.run(['--server.username', 'ann', '--javascript.execute-string', 'print(db._version())']);
        assert.notStrictEqual(denied.code, 0);
        assert.match(denied.stdout + denied.stderr, /not authorized|401/);
    });

    it('db._executeTransaction commits, reads its own writes, and aborts on throw', T, async () => {
        const out = await json(`
            db._create('acct');
            db.acct.save({ _key: 'a', v: 10 });
            const r = db._executeTransaction({
                collections: { write: ['acct'] },
                params: { add: 5 },
                action: function (params) {
                    const db = require('@arangodb').db;
                    db.acct.update('a', { v: db.acct.document('a').v + params.add });
                    db.acct.save({ _key: 'b', v: 1 });
                    return db._query('FOR d IN acct SORT d._key RETURN d.v').toArray();
                }
            });
            let err;
            try {
                db._executeTransaction({
                    collections: { write: 'acct' },
                    action: "function () { const db = require('@arangodb').db; db.acct.save({ _key: 'c' }); db.acct.remove('a'); throw new Error('boom'); }"
                });
            } catch (e) { err = String(e.message); }
            let undeclared;
            try {
                db._executeTransaction({ collections: { read: ['acct'] }, action: () => db.acct.save({ _key: 'z' }) });
            } catch (e) { undeclared = e.errorNum; }
            print(JSON.stringify({ r, err, keys: db._query('FOR d IN acct SORT d._key RETURN [d._key, d.v]').toArray(), undeclared }));`);
        assert.deepStrictEqual(out, { r: [15, 1], err: 'boom', keys: [['a', 15], ['b', 1]], undeclared: 1652 });
    });
});
