'use strict';
// Entry point behind the sim-bin launchers: run(tool, argv) parses the options like the real tool and runs
// it. arangosh is delegated to sim/tools/arangosh/main.js (owned by the arangosh stand-in) when that file
// exists.

const fs = require('fs');
const path = require('path');

const MODULES = {
    arangodump: '../tools/dump.js',
    arangorestore: '../tools/restore.js',
    arangoimport: '../tools/import.js',
    arangoexport: '../tools/export.js',
    arangobench: '../tools/bench.js',
    arangobackup: '../tools/backup.js',
};

function run(tool, argv) {
    const faults = require('./faults');
    faults.installEarly();
    if (tool === 'arangosh') {
        const shell = path.join(__dirname, '..', 'arangosh', 'main.js');
        if (fs.existsSync(shell)) return require(shell).run(argv);
    }
    const { parseOptions } = require('./options');
    const parsed = parseOptions(tool, argv);
    const { makeLogger } = require('./log');
    const topics = {
        arangodump: 'dump',
        arangorestore: 'restore',
        arangoimport: 'general',
        arangoexport: 'general',
        arangobench: 'bench',
        arangobackup: 'backup',
        arangosh: 'general'
    };
    const log = makeLogger(parsed.options, topics[tool]);
    for (const w of parsed.warnings) log.warn('1a2b3', w, 'config');
    const hang = faults.afterParse();
    if (hang) return hang;
    if (!MODULES[tool]) { log.fatal('3c1d2', `arangosim: '${tool}' stand-in is not available`); }
    const impl = require(path.join(__dirname, MODULES[tool]));
    return Promise.resolve(impl.main(parsed, log)).then((code) => faults.finalExit(code || 0), (e) => {
        log.error(
            'd9a11', `${process.argv[1]} terminated because of an unhandled exception: ${e && e.stack || e}`);
        process.exit(1);
    });
}

module.exports = { run };
