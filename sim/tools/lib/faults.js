'use strict';
// Per-run fault injection for the stand-in tools, driven by environment variables (docs/simulator-tools.md):
//   ARANGOSIM_TOOL_EXIT=N              exit with N after the normal work
//   ARANGOSIM_TOOL_CRASH=SIGSEGV|SIGABRT  die by that signal once option parsing is done
//   ARANGOSIM_TOOL_HANG=1              hang (forever) once option parsing is done
//   ARANGOSIM_TOOL_IGNORE_SIGTERM=1    ignore SIGTERM (SIGINT and SIGKILL still work)
//   ARANGOSIM_TOOL_SLOW_MS=N           sleep N ms per document / line / request
//   ARANGOSIM_TOOL_SPAM_BYTES=N        write N bytes of filler lines to stdout and N to stderr first
//   ARANGOSIM_TOOL_FAIL_AFTER_DOCS=K   fail (ERROR line, exit 1) after K documents / operations
// API: installEarly() (at process start), afterParse() (after options are parsed), slow() -> Promise,
//      countDocs(n, log) (fails when the budget is used up), finalExit(code) (applies ARANGOSIM_TOOL_EXIT).

const env = process.env;
const slowMs = Number(env.ARANGOSIM_TOOL_SLOW_MS || 0);
const failAfter =
    env.ARANGOSIM_TOOL_FAIL_AFTER_DOCS !== undefined && env.ARANGOSIM_TOOL_FAIL_AFTER_DOCS !== '' ?
    Number(env.ARANGOSIM_TOOL_FAIL_AFTER_DOCS) :
    -1;
let docs = 0;

function installEarly() {
    if (env.ARANGOSIM_TOOL_IGNORE_SIGTERM === '1') process.on('SIGTERM', () => {});
}

function spam(fd, n) {
    const fs = require('fs');
    const line = 'arangosim filler output '.padEnd(99, 'x') + '\n';
    const block = line.repeat(100);
    let left = n;
    while (left > 0) {
        const chunk = left >= block.length ? block : block.slice(0, left);
        require('./io').writeAllSync(fd, chunk);
        left -= chunk.length;
    }
}

function afterParse() {
    const n = Number(env.ARANGOSIM_TOOL_SPAM_BYTES || 0);
    if (n > 0) {
        spam(1, n);
        spam(2, n);
    }
    const sig = env.ARANGOSIM_TOOL_CRASH;
    if (sig) {
        if (sig === 'SIGABRT') process.abort();
        process.kill(process.pid, sig);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
        process.exit(70);
    }
    if (env.ARANGOSIM_TOOL_HANG === '1') {
        setInterval(() => {}, 1 << 30);
        return new Promise(() => {});
    }
    return null;
}

function slow() { return slowMs > 0 ? new Promise((r) => setTimeout(r, slowMs)) : null; }

// Returns true when the failure budget is exhausted; the caller logs its own error and exits 1.
function countDocs(n, log, topic) {
    docs += n;
    if (failAfter >= 0 && docs >= failAfter) {
        if (log)
            log.error(
                'a5d56',
                `An error occurred: simulated failure after ${failAfter} document(s) ` +
                    '(ARANGOSIM_TOOL_FAIL_AFTER_DOCS)',
                topic);
        process.exit(1);
    }
}

function remainingBudget() { return failAfter < 0 ? Infinity : Math.max(0, failAfter - Math.max(docs, reserved)); }

// Concurrent senders reserve their share of the budget synchronously, before awaiting anything, so two batches
// in flight cannot both spend the same remainder.
let reserved = 0;
function reserve(n) {
    if (failAfter < 0) return n;
    const allowed = Math.max(0, Math.min(n, failAfter - Math.max(docs, reserved)));
    reserved = Math.max(docs, reserved) + allowed;
    return allowed;
}

function finalExit(code) {
    const forced = env.ARANGOSIM_TOOL_EXIT;
    process.exit(forced !== undefined && forced !== '' ? Number(forced) : code);
}

module.exports = {
    reserve,
    installEarly,
    afterParse,
    slow,
    countDocs,
    remainingBudget,
    finalExit,
    slowMs
};
