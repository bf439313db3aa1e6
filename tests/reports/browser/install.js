'use strict';
// Installs the pinned puppeteer-core of the live status page test (package.json + package-lock.json next to this file) into the build tree
// directory given as argv[2], with `npm ci`. Idempotent: nothing is fetched when the pinned version is
// already there. Never installs globally.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dest = process.argv[2];
if (!dest) {
    console.error('usage: node install.js <directory in the build tree>');
    process.exit(2);
}
const lock = JSON.parse(fs.readFileSync(path.join(__dirname, 'package-lock.json'), 'utf8'));
const want = lock.packages['node_modules/puppeteer-core'].version;
const installed = path.join(dest, 'node_modules', 'puppeteer-core', 'package.json');
const sameLock = () => {
    try {
        return fs.readFileSync(path.join(dest, 'package-lock.json'), 'utf8') ===
            fs.readFileSync(path.join(__dirname, 'package-lock.json'), 'utf8');
    } catch (_) { return false; }
};
if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === want && sameLock()) {
    console.log(`puppeteer-core ${want} already installed in ${dest}`);
    process.exit(0);
}
fs.mkdirSync(dest, { recursive: true });
for (const f of ['package.json', 'package-lock.json'])
    fs.copyFileSync(path.join(__dirname, f), path.join(dest, f));
try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dest, stdio: 'inherit' });
} catch (e) {
    console.error(`installing puppeteer-core ${want} with npm ci in ${dest} failed (the npm registry must be reachable): ${e.message}`);
    process.exit(1);
}
const got = JSON.parse(fs.readFileSync(installed, 'utf8')).version;
if (got !== want) {
    console.error(`npm installed puppeteer-core ${got}, expected ${want}`);
    process.exit(1);
}
console.log(`puppeteer-core ${got} installed in ${dest}`);
