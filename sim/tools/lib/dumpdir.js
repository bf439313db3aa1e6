'use strict';
// The dump directory format shared by arangodump and arangorestore, with the
// simulator's encryption format: ENCRYPTION holds "aes-256-ctr" in plain text; every other file is
// 16 random IV bytes followed by the AES-256-CTR ciphertext of the plain content (key: 32 bytes).
//
// API: md5(name), readKey(options, fatalFn) -> Buffer|null, managed(dir, key) -> {write(name, buf),
//      read(name) -> Buffer|null, exists(name), list()}, dataFileNames(name), splitFilePattern(name).

const fs = require('fs');
const path = require('path');

function md5(s) { return require('crypto').createHash('md5').update(Buffer.from(s, 'utf8')).digest('hex'); }

function readKey(options, die) {
    let key = null;
    if (options['encryption.keyfile']) {
        const f = options['encryption.keyfile'];
        try {
            key = fs.readFileSync(f);
        } catch (_) { die(`cannot read encryption key file '${f}'`); }
    } else if (options['encryption.key-generator']) {
        const gen = options['encryption.key-generator'];
        try {
            key = require('child_process').execFileSync(gen, { stdio: ['ignore', 'pipe', 'inherit'] });
        } catch (_) { die(`cannot execute encryption key generator '${gen}'`); }
    }
    if (key !== null && key.length !== 32)
        die(`invalid length of encryption key: ${key.length}, expecting 32 bytes`);
    return key;
}

function managed(dir, key) {
    const crypto = key ? require('crypto') : null;
    const encrypt = (buf) => {
        const iv = crypto.randomBytes(16);
        const c = crypto.createCipheriv('aes-256-ctr', key, iv);
        return Buffer.concat([iv, c.update(buf), c.final()]);
    };
    const decrypt = (buf) => {
        const d = crypto.createDecipheriv('aes-256-ctr', key, buf.subarray(0, 16));
        return Buffer.concat([d.update(buf.subarray(16)), d.final()]);
    };
    return {
        dir,
        encrypted: !!key,
        write(name, content) {
            const buf = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
            fs.writeFileSync(path.join(dir, name), key ? encrypt(buf) : buf);
        },
        read(name) {
            let buf;
            try {
                buf = fs.readFileSync(path.join(dir, name));
            } catch (_) { return null; }
            return key ? decrypt(buf) : buf;
        },
        exists(name) { return fs.existsSync(path.join(dir, name)); },
        list() {
            try {
                return fs.readdirSync(dir);
            } catch (_) { return []; }
        },
    };
}

function dataFileNames(name) {
    const h = md5(name);
    return [
        `${name}_${h}.data.json`, `${name}_${h}.data.json.gz`, `${name}.data.json.gz`, `${name}.data.json`
    ];
}

function splitFilePattern(name) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${esc}_${md5(name)}\\.(\\d+)\\.data\\.json(\\.gz)?$`);
}

module.exports = {
    md5,
    readKey,
    managed,
    dataFileNames,
    splitFilePattern
};
