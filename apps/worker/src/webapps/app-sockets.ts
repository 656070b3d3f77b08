import type { PanelConfig } from '@panel/config';
import { chmod, chown, link, lstat, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { removeTreeNoFollow } from '@panel/home-fs';
import { join } from 'node:path';

/** The app's socket is not one its own container made (a symlink, a file, another uid's socket): never dialled. */
export class UntrustedSocketError extends Error {}

/**
 * Where Caddy reaches an app. Two kinds of entries live in PANEL_RUNTIME_DIR/sockets/<webappId>/ (node-local), a folder only root
 * can write:
 * - `<slot>/`: one per container, owned by the account and mounted at /run/panel (the only part of this tree the
 *   container can write); gunicorn binds `app.sock` there.
 * - `<slot>.sock`, a hard link root makes to that socket once it has checked, on the link itself, that it is a
 *   socket owned by the account (a link(2) never follows a symlink), and `current`, a symlink to one of them.
 *
 * Caddy dials `current`, so nothing it follows is a name the account can change: replacing `/run/panel/app.sock`
 * with a symlink to another app's socket (or to Docker's) redirects nothing. A reload switches traffic by replacing
 * `current` atomically: new connections (Caddy keeps none idle to an app) reach the new version, requests in flight finish on the old one, and Caddy's
 * configuration does not change.
 */
/** This node's app sockets: in its runtime directory, never in the shared data tree. */
export function nodeAppSockets(config: Pick<PanelConfig, 'runtimeDir'>): AppSockets {
  return new AppSockets(join(config.runtimeDir, 'sockets'));
}

/** What Caddy dials for an app on this node: its `current` socket, the same across reloads. */
export function appUpstream(sockets: AppSockets, webappId: number): string {
  return `unix/${sockets.currentSocket(webappId)}`;
}

export class AppSockets {
  constructor(private readonly socketsDir: string) {}

  appDir(webappId: number) {
    return join(this.socketsDir, String(webappId));
  }

  /** The path Caddy dials. */
  currentSocket(webappId: number) {
    return join(this.appDir(webappId), 'current');
  }

  /** Root's link to a slot's socket: what `current` points at and what the readiness probe dials. */
  publishedSocket(webappId: number, slot: string) {
    return join(this.appDir(webappId), `${slot}.sock`);
  }

  /** A new directory for one container, writable by the account only. */
  async createSlot(webappId: number, slot: string, uid: number): Promise<string> {
    const appDir = this.appDir(webappId);
    await mkdir(appDir, { recursive: true, mode: 0o755 });
    await chown(appDir, 0, 0);
    await chmod(appDir, 0o755);
    const dir = join(appDir, slot);
    await mkdir(dir, { mode: 0o755 });
    await chown(dir, uid, uid);
    return dir;
  }

  /**
   * Links the slot's socket into root's folder if it is a socket owned by `uid`. False while gunicorn has not bound
   * it yet; UntrustedSocketError when the name holds anything else. Called again after the container restarts
   * (gunicorn binds a new socket then).
   */
  async publish(webappId: number, slot: string, uid: number): Promise<boolean> {
    assertSlot(slot);
    const temp = join(this.appDir(webappId), `.${slot}.sock.tmp`);
    await rm(temp, { force: true });
    try {
      await link(join(this.appDir(webappId), slot, 'app.sock'), temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const linked = await lstat(temp);
    if (!linked.isSocket() || linked.uid !== uid) {
      await rm(temp, { force: true });
      throw new UntrustedSocketError(`/run/panel/app.sock is not the app's own socket (${linked.isSymbolicLink() ? 'a symlink' : linked.isSocket() ? `a socket of uid ${linked.uid}` : 'not a socket'}); the platform never dials it`);
    }
    await rename(temp, this.publishedSocket(webappId, slot));
    return true;
  }

  /** Points `current` at the slot's published socket, atomically (a new symlink renamed over the old one). */
  async activate(webappId: number, slot: string): Promise<void> {
    assertSlot(slot);
    const temp = join(this.appDir(webappId), `.current-${slot}`);
    await rm(temp, { force: true });
    await symlink(`${slot}.sock`, temp);
    await rename(temp, this.currentSocket(webappId));
  }

  /** The slot `current` points at (also for the older layout, where it pointed at the slot's folder). */
  async activeSlot(webappId: number): Promise<string | null> {
    const target = await readlink(this.currentSocket(webappId)).catch(() => null);
    return target?.replace(/\.sock$/, '') ?? null;
  }

  async removeSlot(webappId: number, slot: string): Promise<void> {
    if (!SLOT.test(slot)) return;
    await rm(this.publishedSocket(webappId, slot), { force: true });
    // The slot's folder is the account's: removed without following anything it put there.
    await removeTreeNoFollow(this.appDir(webappId), slot);
  }

  async removeApp(webappId: number): Promise<void> {
    await removeTreeNoFollow(this.socketsDir, String(webappId));
  }
}

const SLOT = /^[a-z0-9-]+$/;

function assertSlot(slot: string) {
  if (!SLOT.test(slot)) throw new Error(`not a slot name: ${slot}`);
}
