'use strict';
// arangobackup stand-in: create/list/restore/delete as log lines on topic
// {backup}; a failed operation logs "Error during backup operation" and still exits 0, like the real tool.
// upload/download are accepted by validation but the simulator server has no transfer API, so they fail
// like a server error would (exit 0 with the error line).

const fs = require('fs');
const { fatal } = require('../lib/options');
const { clientSetup, httpClient, connect } = require('../lib/client');

const OPS = ['create', 'delete', 'download', 'list', 'restore', 'upload'];

async function main(parsed, log) {
    const { tool, options: o, positional } = parsed;
    const die = (msg) => fatal(tool, msg, 1, 'a7b2d', 'backup');
    if (positional.length !== 1)
        die(`expected exactly one operation of ${OPS.join('|')}, got '${positional.join(', ')}'`);
    const op = positional[0];
    if (!OPS.includes(op))
        die(`expected operation to be one of: create, delete, list, restore, download, upload`);
    if (o['server.database'] !== '_system')
        die('hot backups are global and must be performed on the _system database with super user privileges');
    if ((op === 'delete' || op === 'restore') && !o.identifier) die('must specify a backup via --identifier');
    if (op === 'create' && o.label && !/^[a-zA-Z0-9._-]+$/.test(o.label))
        die(`--label value may only contain characters [a-zA-Z0-9._-], got '${o.label}'`);
    if (o['max-wait-for-lock'] < 0)
        die('expecting --max-wait-for-lock to be a positive number, got ' + o['max-wait-for-lock']);
    if (o['max-wait-for-restart'] < 0)
        die('expecting --max-wait-for-restart to be a positive number, got ' + o['max-wait-for-restart']);
    if (op === 'upload' || op === 'download') {
        if (!!o.identifier === !!o['status-id']) die('must specify either --identifier or --status-id');
        if (o.abort && !o['status-id']) die('--abort true expects --status-id to be set');
        if (o.identifier && (!o['rclone-config-file'] || !o['remote-path']))
            die('for data transfer one needs to specify --rclone-config-file and --remote-path');
        if (o['rclone-config-file']) {
            try {
                JSON.parse(fs.readFileSync(o['rclone-config-file'], 'utf8'));
            } catch (_) { die(`could not read rclone config file '${o['rclone-config-file']}'`); }
        }
    }
    const setup = clientSetup(parsed);
    const client = httpClient(setup, 0);
    const version = await connect(client, log, setup);
    log.info('06792', `Server version: ${version.version}`);
    const call = async (path, body) => {
        const r = await client.request('POST', path, { body });
        if (r.status >= 300 || !r.json || r.json.error) {
            throw new Error(
                (r.json && r.json.errorMessage) || `got invalid response from server: HTTP ${r.status}`);
        }
        return r.json.result || {};
    };
    try {
        if (op === 'create') {
            const body = { timeout: o['max-wait-for-lock'], allowInconsistent: o['allow-inconsistent'] };
            if (o.label) body.label = o.label;
            if (o.force) body.force = true;
            const res = await call('/_admin/backup/create', body);
            if (res.potentiallyInconsistent) {
                log.warn(
                    'f448b',
                    'Failed to get write lock before proceeding with backup. Backup may contain some ' +
                        'inconsistencies.');
            }
            log.info('c4d37', `Backup succeeded. Generated identifier '${res.id}'`);
            if (res.sizeInBytes !== undefined && res.nrFiles !== undefined)
                log.info(
                    'ce423', `Total size of backup: ${res.sizeInBytes}, number of files: ${res.nrFiles}`);
        } else if (op === 'list') {
            const res = await call('/_admin/backup/list', o.identifier ? { id: o.identifier } : {});
            const list = res.list || {};
            const ids = Object.keys(list).sort();
            if (!ids.length)
                log.info('efc76', 'There are no backups available.');
            else {
                log.info('e0356', 'The following backups are available:');
                for (const id of ids) {
                    const b = list[id];
                    log.info('9e6b6', ` - ${id}`);
                    log.info('55af7', `      version:   ${b.version}`);
                    log.info('1aa8a', `      date/time: ${b.datetime}`);
                    if (b.keys && b.keys.length)
                        log.info('7a8bc', `      encryption secret sha256: ${b.keys[0].sha256}`);
                    log.info('ce423', `      size in bytes: ${b.sizeInBytes}`);
                    log.info('e0a5e', `      number of files: ${b.nrFiles}`);
                    log.info('0b4a5', `      number of DBServers: ${b.nrDBServers}`);
                    log.info('b0b2c', `      number of available pieces: ${b.nrPiecesPresent}`);
                    if (b.serverId) log.info('a9d3c', `      serverId: ${b.serverId}`);
                    log.info('f448c', `      potentiallyInconsistent: ${!!b.potentiallyInconsistent}`);
                    log.info('1f6e3', `      available: ${!!b.available}`);
                }
            }
        } else if (op === 'restore') {
            const body = { id: o.identifier };
            if (o['ignore-version']) body.ignoreVersion = true;
            await call('/_admin/backup/restore', body);
            log.info('b6d4c', `Successfully restored '${o.identifier}'`);
            if (o['max-wait-for-restart'] > 0) {
                log.info('b6d4d', 'Waiting for server to restart...');
                const until = Date.now() + o['max-wait-for-restart'] * 1000;
                let up = false;
                while (!up && Date.now() < until) {
                    try {
                        up = (await client.request('GET', '/_api/version')).status === 200;
                    } catch (_) { up = false; }
                    if (!up) await new Promise((r) => setTimeout(r, 200));
                }
                if (up)
                    log.info('b6d4e', '...server back up and running!');
                else
                    log.error('b6d4f', 'Server failed to respond to requests in the expected timeframe.');
            }
        } else if (op === 'delete') {
            await call('/_admin/backup/delete', { id: o.identifier });
            log.info('04e97', `Successfully deleted '${o.identifier}'`);
        } else {
            const body =
                o['status-id'] ? { [`${op}Id`]: o['status-id'], ...(o.abort ? { abort: true } : {}) } : {
                    id: o.identifier,
                    remoteRepository: o['remote-path'],
                    config: JSON.parse(fs.readFileSync(o['rclone-config-file'], 'utf8'))
                };
            const res = await call(`/_admin/backup/${op}`, body);
            if (o['status-id']) {
                if (o.abort)
                    log.info('a1b2c', 'aborting transfer');
                else
                    log.info('a1b2d', `SNGL Status: ${res.Status || 'unknown'}`);
            } else {
                log.info('a1b2e', 'Backup initiated, use ');
                log.info('a1b2f', `    arangobackup ${op} --status-id=${res[`${op}Id`]}`);
                log.info('a1b30', ' to query progress.');
            }
        }
    } catch (e) { log.error('8bde3', `Error during backup operation '${op}': ${e.message}`); }
    client.close();
    return 0;
}

module.exports = { main };
