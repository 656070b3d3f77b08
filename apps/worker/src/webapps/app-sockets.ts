import { chmod, chown, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where Caddy reaches an app: PANEL_DATA_DIR/sockets/<webappId>/current/app.sock. Each container gets a fresh
 * directory of its own (mounted at /run/panel, the only part it can write), and a reload switches traffic by
 * replacing the `current` symlink atomically: new connections reach the new version, requests in flight finish on
 * the old one, and Caddy's configuration does not change.
 */
export class AppSockets {
  constructor(private readonly socketsDir: string) {}

  appDir(webappId: number) {
    return join(this.socketsDir, String(webappId));
  }

  /** The path Caddy dials. */
  currentSocket(webappId: number) {
    return join(this.appDir(webappId), 'current', 'app.sock');
  }

  /** A new directory for one container, writable by the account only. */
  async createSlot(webappId: number, slot: string, uid: number): Promise<string> {
    const appDir = this.appDir(webappId);
    await mkdir(appDir, { recursive: true, mode: 0o755 });
    await chmod(appDir, 0o755);
    const dir = join(appDir, slot);
    await mkdir(dir, { mode: 0o755 });
    await chown(dir, uid, uid);
    return dir;
  }

  slotSocket(webappId: number, slot: string) {
    return join(this.appDir(webappId), slot, 'app.sock');
  }

  /** Points `current` at the slot, atomically (a new symlink renamed over the old one). */
  async activate(webappId: number, slot: string): Promise<void> {
    const temp = join(this.appDir(webappId), `.current-${slot}`);
    await rm(temp, { force: true });
    await symlink(slot, temp);
    await rename(temp, join(this.appDir(webappId), 'current'));
  }

  async activeSlot(webappId: number): Promise<string | null> {
    return readlink(join(this.appDir(webappId), 'current')).catch(() => null);
  }

  async removeSlot(webappId: number, slot: string): Promise<void> {
    if (!/^[a-z0-9-]+$/.test(slot)) return;
    await rm(join(this.appDir(webappId), slot), { recursive: true, force: true });
  }

  async removeApp(webappId: number): Promise<void> {
    await rm(this.appDir(webappId), { recursive: true, force: true });
  }
}
