'use strict';
// writeAllSync(fd, data): a synchronous write that survives non-blocking pipes (EAGAIN when the reader is
// slow), so that output order is kept and nothing is lost when a caller drains the pipe late.

const fs = require('fs');

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAllSync(fd, data) {
    let buf = Buffer.isBuffer(data) ? data : Buffer.from(String(data), 'utf8');
    while (buf.length > 0) {
        let n;
        try {
            n = fs.writeSync(fd, buf, 0, buf.length);
        } catch (e) {
            if (e.code === 'EAGAIN') {
                Atomics.wait(pause, 0, 0, 2);
                continue;
            }
            throw e;
        }
        buf = buf.subarray(n);
    }
}

module.exports = { writeAllSync };
