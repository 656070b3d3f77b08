import type { PanelConfig } from '@panel/config';
import { createPanelDataSource, runMigrationsLocked, type AccountEntity } from '@panel/database';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { PostgresAdmin } from '../databases/postgres-admin.service';
import { assertDatabaseName, mysqlIdentifier } from '../databases/sql-names';
import { type BackupManifest, MANIFEST_FILE } from './backup-manifest';
import { mysqlOptionFile } from './mysql-client-options';
import { latestCompleteBackup, readManifest } from './platform-backup';
import { asPostgres, runCommand } from './run-command';

/** Settings that belong to the machine (its own servers' generated passwords), never taken from a backup. */
const MACHINE_SETTINGS = new Set(['PANEL_DATABASE_URL', 'PANEL_POSTGRES_URL']);

export class RestoreRefused extends Error {}

/** The backup a restore reads: the folder itself, or the newest complete one in a backups folder. */
export async function findBackup(path: string): Promise<{ folder: string; manifest: BackupManifest }> {
  if (await stat(join(path, MANIFEST_FILE)).catch(() => null)) {
    const manifest = await readManifest(path);
    if (manifest.status !== 'complete') throw new RestoreRefused(`${path} is a backup that failed (${manifest.error ?? 'no message'}): it cannot be restored`);
    return { folder: path, manifest };
  }
  const latest = await latestCompleteBackup(path);
  if (!latest) throw new RestoreRefused(`${path} holds no complete backup (a folder with a ${MANIFEST_FILE} whose status is complete)`);
  return latest;
}

/**
 * Brings a backup back on this machine, whose platform is set up (`npm start` ran) and stopped: the panel database
 * (then its migrations, for a backup of an older version), every account's MySQL user and databases and PostgreSQL
 * role and databases with their passwords, the data folder, and the settings this machine does not set itself. A
 * backup of a one-node platform restored on another node moves its work to this node. Refuses while panel-api
 * answers, and over a platform that has accounts unless `replace`.
 */
export async function restoreBackup(config: PanelConfig, path: string, options: { replace: boolean }, log: (line: string) => void): Promise<BackupManifest> {
  const { folder, manifest } = await findBackup(path);
  const health = await fetch(`http://127.0.0.1:${config.api.port}/api/health`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
  if (health) throw new RestoreRefused(`panel-api answers on port ${config.api.port}: stop the platform before restoring`);
  const panel = await mysql.createConnection({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:'), multipleStatements: false });
  const mysqlAdmin = new MysqlAdmin(config);
  const postgresAdmin = new PostgresAdmin(config);
  const client = await mysqlOptionFile(config.databaseUrl);
  try {
    const [tables] = (await panel.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'")) as unknown as [unknown[]];
    if (tables.length && !options.replace) {
      const [[{ n }]] = (await panel.query('SELECT COUNT(*) AS n FROM accounts')) as unknown as [{ n: number }[]];
      if (Number(n) > 0) throw new RestoreRefused(`this platform has ${n} account(s): restore with --replace to replace everything with the backup`);
    }
    log(`restoring ${folder} (made ${manifest.finishedAt})`);

    await runCommand('mysql', [`--defaults-extra-file=${client.file}`, client.database], { stdinFile: join(folder, manifest.panelDatabase) });
    const dataSource = createPanelDataSource(config.databaseUrl);
    await dataSource.initialize();
    try {
      await runMigrationsLocked(dataSource, (line) => log(`  ${line}`));
    } finally {
      await dataSource.destroy();
    }
    // The backup's own run was recorded as running when its rows were dumped: it is recorded as it ended.
    await panel.query("UPDATE backup_runs SET status = 'succeeded', finished_at = ?, size_bytes = ?, error = NULL WHERE id = ?", [new Date(manifest.finishedAt), manifest.sizeBytes, manifest.runId]);
    await panel.query("UPDATE backup_runs SET status = 'failed', finished_at = NOW(3), error = 'Interrupted: the platform was restored from a backup made while it ran.' WHERE status = 'running'");
    log('  the panel database');
    await moveToThisNode(panel, manifest, config.nodeId, log);

    let mysqlDatabases = 0;
    let postgresDatabases = 0;
    for (const account of manifest.accounts) {
      const owner = { username: account.username } as AccountEntity;
      if (account.mysql) {
        await mysqlAdmin.restoreAccountUser(account.username, account.mysql.passwordHash);
        for (const db of account.mysql.databases) {
          await mysqlAdmin.dropDatabase(account.username, assertDatabaseName(account.username, db.name));
          await runCommand('mysql', [`--defaults-extra-file=${client.file}`], { stdinFile: join(folder, db.file) });
          mysqlDatabases++;
        }
      }
      if (account.postgres) {
        await postgresAdmin.restoreAccountRole(account.username, account.postgres.passwordVerifier);
        for (const db of account.postgres.databases) {
          await postgresAdmin.dropDatabase(account.username, assertDatabaseName(account.username, db.name));
          await postgresAdmin.createDatabase(owner, db.name.slice(account.username.length + 1), { ifNotExists: false });
          await asPostgres('pg_restore', ['--exit-on-error', '--dbname', db.name], { stdinFile: join(folder, db.file) });
          postgresDatabases++;
        }
      }
    }
    log(`  ${manifest.accounts.length} account(s): ${mysqlDatabases} MySQL and ${postgresDatabases} PostgreSQL database(s)`);

    // rsync copies symlinks as symlinks and, without --keep-dirlinks, replaces a symlink where the backup has a
    // folder instead of writing through it: nothing a tenant left in the data folder redirects the copy.
    await runCommand('rsync', ['-aH', '--numeric-ids', `${join(folder, manifest.dataDir)}/`, `${config.dataDir}/`]);
    log(`  ${config.dataDir}`);
    if (manifest.settingsFile) await mergeSettings(join(folder, manifest.settingsFile), config.envFile, log);
    log('restored: start the platform; web apps start as they were, consoles start afresh');
    return manifest;
  } finally {
    await client.done();
    await Promise.all([mysqlAdmin.close(), postgresAdmin.close(), panel.end()]);
  }
}

/**
 * A backup of a one-node platform restored on a machine with another node id: every row placed on the old node is
 * placed on this one (moves in progress are forgotten). With several nodes nothing moves: the nodes that do not come
 * back are declared down and their work placed elsewhere, as in any failover.
 */
async function moveToThisNode(panel: mysql.Connection, manifest: BackupManifest, nodeId: string, log: (line: string) => void) {
  if (manifest.nodeIds.length !== 1 || manifest.nodeIds[0] === nodeId) return;
  const old = manifest.nodeIds[0];
  const [columns] = (await panel.query(
    "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME LIKE '%node\\_id' AND TABLE_NAME <> 'nodes'",
  )) as unknown as [{ t: string; c: string }[]];
  for (const { t, c } of columns) {
    const [table, column] = [mysqlIdentifier(t), mysqlIdentifier(c)];
    if (c === 'moving_to_node_id' || c === 'leaving_node_id') await panel.query(`UPDATE ${table} SET ${column} = NULL`);
    else await panel.query(`UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`, [nodeId, old]);
  }
  await panel.query('DELETE FROM nodes WHERE id = ?', [nodeId]);
  await panel.query('UPDATE nodes SET id = ? WHERE id = ?', [nodeId, old]);
  log(`  the backup's node ${old} is this node, ${nodeId}, now`);
}

/** Adds the backup's settings lines this machine's settings file does not have (its own lines and passwords stay). */
async function mergeSettings(backupFile: string, targetFile: string, log: (line: string) => void) {
  const names = (text: string) => new Set(text.split('\n').map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1]).filter(Boolean) as string[]);
  const current = await readFile(targetFile, 'utf8').catch(() => '');
  const have = names(current);
  const lines = (await readFile(backupFile, 'utf8')).split('\n').filter((l) => {
    const name = /^([A-Z0-9_]+)=/.exec(l)?.[1];
    return name && !have.has(name) && !MACHINE_SETTINGS.has(name);
  });
  if (!lines.length) return;
  await appendFile(targetFile, `${current.endsWith('\n') || !current ? '' : '\n'}# restored from a backup\n${lines.join('\n')}\n`, { mode: 0o600 });
  log(`  settings: ${lines.map((l) => l.split('=')[0]).join(', ')}`);
}
