'use strict';
// The live status page in a real browser: Debian's chromium, headless, driven by puppeteer-core (installed into
// the build tree by install.js). status_scenario serves a scenario (a group of three members, two reporting
// progress and one failing, next to a run that burns CPU and grows its memory); the page must show the tables,
// progress values that change while it runs, and the failure with its diagnostic. Screenshots go to
// $ARANGOKIT_SCREENSHOT_DIR.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const modules = process.env.ARANGOKIT_STATUS_NODE_MODULES;
const puppeteer = require(path.join(modules, 'puppeteer-core'));
const scenarioBin = process.env.ARANGOKIT_STATUS_SCENARIO;
const chromium = process.env.ARANGOKIT_CHROMIUM || '/usr/bin/chromium';
const shots = process.env.ARANGOKIT_SCREENSHOT_DIR || os.tmpdir();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What the page shows now, read from its DOM.
function readPage(page) {
    return page.evaluate(() => {
        const rows = [...document.querySelectorAll('tr.run')].map((tr) => ({
            cls: tr.className,
            cells: [...tr.children].map((td) => td.textContent.trim()),
            pct: tr.querySelector('.bar') ? Number(tr.querySelector('.bar').dataset.pct) : null,
            elapsed: tr.querySelector('.elapsed') ? tr.querySelector('.elapsed').textContent : '',
            charts: tr.querySelectorAll('svg.chart polyline').length,
        }));
        return {
            version: Number(document.getElementById('counts').dataset.version || 0),
            conn: document.getElementById('conn').textContent,
            groups: [...document.querySelectorAll('table.group')].map((t) => t.dataset.group),
            rows,
            failures: [...document.querySelectorAll('#failures .failure')].map((f) => f.textContent),
        };
    });
}

test('the live status page follows a scenario in headless chromium', { timeout: 120000 }, async () => {
    assert.ok(fs.existsSync(chromium), `no browser at ${chromium} (scripts/deps.sh installs Debian's chromium)`);
    fs.mkdirSync(shots, { recursive: true });
    const token = crypto.randomBytes(16).toString('hex');
    const tokenFile = path.join(os.tmpdir(), `ak-status-token-${process.pid}`);
    fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
    const child = spawn(scenarioBin, ['--token-file', tokenFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const exited = new Promise((r) => child.on('exit', (code) => r(code)));
    let browser;
    try {
        for (let i = 0; i < 200 && !/^url (\S+)$/m.test(out); ++i) await sleep(50);
        fs.unlinkSync(tokenFile);
        const url = out.match(/^url (\S+)$/m)[1];
        const origin = new URL(url).origin;

        browser = await puppeteer.launch({
            executablePath: chromium,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
        });
        const page = await browser.newPage();
        await page.setViewport({ width: 1400, height: 900 });
        const foreign = [];
        page.on('request', (r) => { if (!r.url().startsWith(origin)) foreign.push(r.url()); });
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));

        // Without the token the page asks for one.
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForFunction(() => document.getElementById('conn').textContent === 'token needed');
        // With it (in the fragment, which never reaches the server) it goes live.
        await page.goto('about:blank');
        await page.goto(url + '#token=' + token, { waitUntil: 'load' });
        await page.waitForFunction(() => document.getElementById('conn').textContent === 'live');
        child.stdin.write('start\n');

        const seen = [];
        let shot = false;
        while (!out.includes('scenario done')) {
            const s = await readPage(page);
            seen.push(s);
            if (!shot && s.failures.length && s.rows.some((r) => r.cls.includes('running') && r.pct > 30)) {
                await sleep(300);
                await page.screenshot({ path: path.join(shots, 'live-status.png') });
                shot = true;
            }
            await sleep(150);
        }
        await sleep(500); // the last update
        const last = await readPage(page);
        await page.screenshot({ path: path.join(shots, 'live-status-final.png') });

        // The group shows as a table with its three members, the burner among the other runs.
        assert.deepStrictEqual(last.groups, ['loaders']);
        assert.strictEqual(last.rows.length, 4, JSON.stringify(last.rows));
        // The page followed the scenario: many snapshots, and progress that grew while members ran.
        const versions = new Set(seen.map((s) => s.version));
        assert.ok(versions.size >= 5, `only ${versions.size} snapshot versions seen`);
        const orders = seen.map((s) => s.rows.find((r) => r.cells[1] === 'import-orders')).filter((r) => r && r.pct != null);
        const pcts = orders.map((r) => r.pct);
        assert.ok(pcts.some((p) => p > 0 && p < 100), `no intermediate progress: ${pcts}`);
        assert.ok(new Set(pcts).size >= 4, `progress hardly changed: ${[...new Set(pcts)]}`);
        for (let i = 1; i < pcts.length; ++i) assert.ok(pcts[i] >= pcts[i - 1], `progress went back: ${pcts}`);
        assert.ok(orders.some((r) => r.cls.includes('running')), 'import-orders never shown running');
        const elapsed = new Set(orders.map((r) => r.elapsed));
        assert.ok(elapsed.size >= 3, `elapsed time did not move: ${[...elapsed]}`);
        const ordersLast = last.rows.find((r) => r.cells[1] === 'import-orders');
        // Iterations (one per progress line) and the time left to the member's deadline.
        assert.strictEqual(ordersLast.cells[7], '20');
        assert.ok(orders.some((r) => /\d/.test(r.cells[5])), 'no deadline left shown');
        assert.ok(ordersLast.cls.includes('passed'), ordersLast.cls);
        assert.strictEqual(ordersLast.pct, 100);
        // The failure shows up, highlighted, with its diagnostic.
        const failed = last.rows.find((r) => r.cells[1] === 'verify-shards');
        assert.ok(failed.cls.includes('failed'), failed.cls);
        assert.match(failed.cells[2], /exit 3/);
        assert.strictEqual(last.failures.length, 1, JSON.stringify(last.failures));
        assert.match(last.failures[0], /verify-shards in loaders/);
        assert.match(last.failures[0], /checksum mismatch in shard s1001/);
        // CPU and memory charts for the burner (sampled every 200 ms for 4 s).
        const burner = last.rows.find((r) => r.cells[0] === 'burner');
        assert.ok(burner, 'the burner run is missing');
        assert.strictEqual(burner.charts, 2);
        // Nothing came from anywhere else, and the script ran without errors.
        assert.deepStrictEqual(foreign, []);
        assert.deepStrictEqual(errors, []);
        assert.ok(shot, 'no screenshot taken while the scenario ran');
    } finally {
        if (browser) await browser.close();
        child.stdin.end();
        const code = await Promise.race([exited, sleep(10000).then(() => 'timeout')]);
        if (code === 'timeout') child.kill('SIGKILL');
        assert.strictEqual(code, 0, `status_scenario ended with ${code}`);
    }
});
