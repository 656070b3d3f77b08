import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Creates PANEL_DATA_DIR/home/<username>, owned by the account's uid and private to it. */
export async function ensureHomeDirectory(homesDir: string, username: string, uid: number): Promise<string> {
  await mkdir(homesDir, { recursive: true, mode: 0o755 });
  const home = join(homesDir, username);
  await mkdir(home, { recursive: true });
  await chown(home, uid, uid);
  await chmod(home, 0o750);
  return home;
}
