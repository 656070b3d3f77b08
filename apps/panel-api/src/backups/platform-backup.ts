import type { PanelConfig } from '@panel/config';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { MysqlAdmin } from '../databases/mysql-admin.service';
import { PostgresAdmin } from '../databases/postgres-admin.service';
import { BACKUP_FORMAT, BackupManifest, MANIFEST_FILE } from './backup-manifest';
import { mysqlOptionFile } from './mysql-client-options';
import { pgString } from '../databases/sql-names';
import { asPostgres, runCommand } from './run-command';

/** The newest complete backup in a backups folder (each backup is a subfolder), or null. */
export async function latestCompleteBackup(root: string): Promise<{ folder: string; manifest: BackupManifest } | null> {
  const names = (await readdir(root).catch(() => [] as string[])).filter((n) => /^\d{8}T\d{6}Z$/.test(n)).sort().reverse();
  for (const name of names) {
    const manifest = await readManifest(join(root, name)).catch(() => null);
    if (manifest?.status === 'complete') return { folder: join(root, name), manifest };
  }
  return null;
}

export async function readManifest(folder: string): Promise<BackupManifest> {
  return BackupManifest.parse(JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8')));
}

/**
 * Writes one backup of the whole platform into a new subfolder of `root` (named by its UTC time): the panel
 * database (one transaction), every account's MySQL and PostgreSQL databases with its user's password hash, the data
 * folder (homes, /var/www, logs; files unchanged since the previous complete backup are hard links to it) and the
 * settings file. The manifest is written last; the run is recorded in the panel database either way, and a failure
 * throws after writing a manifest that says `failed`.
 */
export async function writeBackup(config: PanelConfig, root: string, log: (line: string) => void): Promise<BackupManifest> {
  const runId = randomUUID();
  const startedAt = new Date();
  const name = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const folder = join(root, name);
  await mkdir(root, { recursive: true, mode: 0o700 });
  await mkdir(folder, { mode: 0o700 });
  const previous = await latestCompleteBackup(root);
  const panel = await mysql.createConnection({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:') });
  await panel.query('INSERT INTO backup_runs (id, status, location) VALUES (?, ?, ?)', [runId, 'running', folder]);
  const mysqlAdmin = new MysqlAdmin(config);
  const postgresAdmin = new PostgresAdmin(config);
  const options = await mysqlOptionFile(config.databaseUrl);
  const finish = async (status: 'complete' | 'failed', error: string | null, content: Omit<BackupManifest, 'status' | 'error' | 'finishedAt' | 'sizeBytes'>) => {
    const sizeBytes = Number((await runCommand('du', ['-sb', folder])).split(/\s/)[0]);
    const manifest: BackupManifest = { ...content, status, error, finishedAt: new Date().toISOString(), sizeBytes };
    await writeFile(join(folder, `${MANIFEST_FILE}.tmp`), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    await rename(join(folder, `${MANIFEST_FILE}.tmp`), join(folder, MANIFEST_FILE));
    await panel.query('UPDATE backup_runs SET status = ?, finished_at = ?, size_bytes = ?, error = ? WHERE id = ?', [
      status === 'complete' ? 'succeeded' : 'failed',
      new Date(manifest.finishedAt),
      sizeBytes,
      error?.slice(0, 2000) ?? null,
      runId,
    ]);
    return manifest;
  };
  const [[instance]] = (await panel.query('SELECT instance_id AS instanceId FROM platform_instance WHERE id = 1')) as unknown as [{ instanceId: string }[]];
  const [nodes] = (await panel.query('SELECT id FROM nodes ORDER BY id')) as unknown as [{ id: string }[]];
  const content: Omit<BackupManifest, 'status' | 'error' | 'finishedAt' | 'sizeBytes'> = {
    format: BACKUP_FORMAT,
    runId,
    startedAt: startedAt.toISOString(),
    instanceId: instance?.instanceId ?? '',
    nodeIds: nodes.map((n) => n.id),
    panelDatabase: 'panel.sql',
    accounts: [],
    dataDir: 'data',
    settingsFile: null,
  };
  try {
    log(`backing up into ${folder}`);
    // The panel's rows as of one moment; the run's own row is in it as running (a restore records it as it ended).
    await runCommand('mysqldump', [`--defaults-extra-file=${options.file}`, '--single-transaction', '--routines', '--triggers', '--hex-blob', options.database], {
      stdoutFile: join(folder, content.panelDatabase),
    });
    log('  the panel database');

    const [accounts] = (await panel.query('SELECT username FROM accounts ORDER BY id')) as unknown as [{ username: string }[]];
    await mkdir(join(folder, 'mysql'), { mode: 0o700 });
    await mkdir(join(folder, 'postgres'), { mode: 0o700 });
    const postgresUp = !(await postgresAdmin.problem());
    for (const { username } of accounts) {
      const entry: BackupManifest['accounts'][number] = { username, mysql: null, postgres: null };
      const hash = await mysqlAdmin.accountPasswordHash(username);
      if (hash) {
        const databases = [];
        for (const db of await mysqlAdmin.listDatabases(username)) {
          const file = `mysql/${db.name}.sql`;
          await runCommand('mysqldump', [`--defaults-extra-file=${options.file}`, '--single-transaction', '--routines', '--triggers', '--hex-blob', '--databases', db.name], {
            stdoutFile: join(folder, file),
          });
          databases.push({ name: db.name, file });
        }
        entry.mysql = { passwordHash: hash, databases };
      }
      if (postgresUp && (await postgresAdmin.userState(username)) === 'account') {
        const verifier = (await asPostgres('psql', ['-XAt', '-c', `SELECT rolpassword FROM pg_authid WHERE rolname = ${pgString(username)}`])).trim();
        if (!verifier) throw new Error(`the PostgreSQL role ${username} has no password to back up`);
        const databases = [];
        for (const db of await postgresAdmin.listDatabases(username)) {
          const file = `postgres/${db.name}.dump`;
          await asPostgres('pg_dump', ['--format=custom', '--dbname', db.name], { stdoutFile: join(folder, file) });
          databases.push({ name: db.name, file });
        }
        entry.postgres = { passwordVerifier: verifier, databases };
      }
      content.accounts.push(entry);
    }
    log(`  ${accounts.length} account(s): their MySQL and PostgreSQL databases`);

    // Homes, /var/www, logs: owners, modes, hard links and symlinks as they are (symlinks are copied, never followed).
    const linkDest = previous ? ['--link-dest', join(previous.folder, previous.manifest.dataDir)] : [];
    await runCommand('rsync', ['-aH', '--numeric-ids', '--delete', ...linkDest, `${config.dataDir}/`, `${join(folder, content.dataDir)}/`]);
    log(`  ${config.dataDir}${previous ? ` (unchanged files linked to ${previous.folder})` : ''}`);

    const settings = config.envFile;
    if (await stat(settings).catch(() => null)) {
      await copyFile(settings, join(folder, 'panel.env'));
      content.settingsFile = 'panel.env';
    }
    const manifest = await finish('complete', null, content);
    await rm(join(root, 'latest'), { force: true });
    await symlink(name, join(root, 'latest'));
    log(`backup complete: ${folder} (${manifest.sizeBytes} bytes)`);
    return manifest;
  } catch (error) {
    const message = (error as Error).message;
    await finish('failed', message, content).catch(() => undefined);
    throw new Error(`the backup failed: ${message}`, { cause: error });
  } finally {
    await options.done();
    await Promise.all([mysqlAdmin.close(), postgresAdmin.close(), panel.end()]);
  }
}
