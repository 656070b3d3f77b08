import type { PanelConfig } from '@panel/config';
import { webappLogFileName, WebAppLogKind, WEBAPP_LOG_KINDS, wsgiFileName } from '@panel/contracts';
import { touchOwnedFile } from '@panel/jobs';
import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Per-account directories outside the home that its containers see at PythonAnywhere's paths:
 * PANEL_DATA_DIR/www/<username> at /var/www (WSGI files) and PANEL_DATA_DIR/log/<username> at /var/log (logs).
 */
export function accountWebDirs(config: PanelConfig, username: string) {
  return { www: join(config.dataDir, 'www', username), log: join(config.webLogsDir, username) };
}

export async function ensureAccountWebDirs(config: PanelConfig, username: string, uid: number) {
  const dirs = accountWebDirs(config, username);
  for (const dir of [dirs.www, dirs.log]) {
    await mkdir(dir, { recursive: true });
    await chown(dir, uid, uid);
    await chmod(dir, 0o750);
  }
  return dirs;
}

/** Creates the app's three logs owned by the account, so the app (running as the account) can append to them. */
export async function ensureLogFiles(logDir: string, domain: string, uid: number) {
  for (const kind of WEBAPP_LOG_KINDS) {
    await touchOwnedFile(join(logDir, webappLogFileName(domain, kind)), uid);
  }
}

export const logFilePath = (logDir: string, domain: string, kind: WebAppLogKind) => join(logDir, webappLogFileName(domain, kind));
export const wsgiHostPath = (wwwDir: string, domain: string) => join(wwwDir, wsgiFileName(domain));
export const wsgiContainerPath = (domain: string) => `/var/www/${wsgiFileName(domain)}`;
