'use strict';
// The background-shell pattern the library generates: several shells loop, inserting documents, until a
// `stop` document appears, then each writes a `done` document holding its iteration count.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const h = require('./helpers');

const LOOP = `
const internal = require('internal');
const id = ARGUMENTS[0];
const c = db._collection('work');
let n = 0;
while (!db.control.exists('stop')) {
    c.save({ client: id, n });
    ++n;
    internal.sleep(0.01);
}
db.control.save({ _key: 'done-' + id, count: n });
`;

describe('arangosh loop clients', { timeout: 240000 }, () => {
    let server;
    let sh;
    before(async () => {
        server = await h.startServer();
        sh = h.shellFor(server.endpoint);
    });
    after(async () => {
        if (server) await server.stop();
        await h.cleanup();
    });
    const T = { timeout: 180000 };

    it('loop_script_runs_until_stop_document_then_writes_done_with_its_count', T, async () => {
        for (const name of ['work', 'control']) {
            const created = await h.request(server.endpoint, 'POST', '/_api/collection', { name });
            assert.strictEqual(created.status, 200, created.text);
        }
        const file = path.join(h.tempDir(), 'loop.js');
        fs.writeFileSync(file, LOOP);
        const clients = 4;
        const runs = [];
        for (let i = 0; i < clients; ++i)
            runs.push(sh.run(['--javascript.execute', file, '--', `c${i}`], { timeoutMs: 150000 }));
        // Wait until every client has inserted something, then raise the stop flag.
        const deadline = Date.now() + 90000;
        for (;;) {
            const q = await h.request(server.endpoint, 'POST', '/_api/cursor',
                { query: 'FOR d IN work RETURN d', batchSize: 100000 });
            const seen = new Set((q.json.result || []).map((d) => d.client));
            if (seen.size === clients) break;
            assert.ok(Date.now() < deadline, `only ${seen.size} clients started inserting`);
            await h.sleep(100);
        }
        const stop = await h.request(server.endpoint, 'POST', '/_api/document/control', { _key: 'stop' });
        assert.ok(stop.status === 201 || stop.status === 202, stop.text);
        const results = await Promise.all(runs);
        for (const r of results) assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        let total = 0;
        for (let i = 0; i < clients; ++i) {
            const d = await h.request(server.endpoint, 'GET', `/_api/document/control/done-c${i}`);
            assert.strictEqual(d.status, 200, d.text);
            assert.ok(d.json.count > 0);
            total += d.json.count;
        }
        const count = await h.request(server.endpoint, 'GET', '/_api/collection/work/count');
        assert.strictEqual(count.json.count, total);
    });

    it('sixteen_shells_start_and_finish_concurrently', T, async () => {
        const created = await h.request(server.endpoint, 'POST', '/_api/collection', { name: 'burst' });
        assert.strictEqual(created.status, 200, created.text);
        const runs = [];
        for (let i = 0; i < 16; ++i) {
            const code = `db.burst.save({ _key: 'b${i}' }); print(db.burst.document('b${i}')._key)`;
            runs.push(sh.js(code, { timeoutMs: 150000 }));
        }
        const results = await Promise.all(runs);
        results.forEach((r, i) => {
            assert.strictEqual(r.code, 0, r.stdout + r.stderr);
            assert.strictEqual(r.stdout.trim(), `b${i}`);
        });
    });
});
