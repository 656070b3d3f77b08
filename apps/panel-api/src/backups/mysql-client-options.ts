import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The panel's MySQL credentials as an option file for mysqldump and mysql (never on a command line, where `ps`
 * shows it), in a private temporary folder; `done` removes it.
 */
export async function mysqlOptionFile(databaseUrl: string): Promise<{ file: string; database: string; done: () => Promise<void> }> {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const dir = await mkdtemp(join(tmpdir(), 'panel-backup-'));
  const file = join(dir, 'my.cnf');
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  await writeFile(
    file,
    `[client]\nuser=${quote(decodeURIComponent(url.username))}\npassword=${quote(decodeURIComponent(url.password))}\nhost=${quote(url.hostname)}\nport=${url.port || '3306'}\nprotocol=tcp\n`,
    { mode: 0o600 },
  );
  return { file, database: decodeURIComponent(url.pathname.slice(1)), done: () => rm(dir, { recursive: true, force: true }) };
}
