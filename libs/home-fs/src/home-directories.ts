import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { accountHostHome } from './home-locations';

/** Creates PANEL_DATA_DIR/home/<username>, owned by the account's uid and private to it. */
export async function ensureHomeDirectory(homesDir: string, username: string, uid: number): Promise<string> {
  await mkdir(homesDir, { recursive: true, mode: 0o755 });
  const home = accountHostHome({ homesDir }, username);
  await mkdir(home, { recursive: true });
  await chown(home, uid, uid);
  await chmod(home, 0o750);
  return home;
}

/**
 * Per-account directories outside the home that every container of the account sees at PythonAnywhere's paths:
 * PANEL_DATA_DIR/www/<username> at /var/www (WSGI files) and PANEL_DATA_DIR/log/<username> at /var/log (web app
 * logs). Outside the home so that logs do not count against the file quota.
 */
export function accountWebDirs(config: { dataDir: string; webLogsDir: string }, username: string) {
  return { www: join(config.dataDir, 'www', username), log: join(config.webLogsDir, username) };
}

/** Creates the account's /var/www and /var/log directories, owned by it and private to it. */
export async function ensureAccountWebDirs(config: { dataDir: string; webLogsDir: string }, username: string, uid: number) {
  const dirs = accountWebDirs(config, username);
  for (const dir of [dirs.www, dirs.log]) {
    await mkdir(dir, { recursive: true });
    await chown(dir, uid, uid);
    await chmod(dir, 0o750);
  }
  return dirs;
}
