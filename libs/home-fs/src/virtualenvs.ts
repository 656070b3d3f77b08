import { join } from 'node:path';
import { type HomeDirectory, withFolderNoFollow } from './home-fs';
import { readAccountFile } from './owned-files';

/** Where virtualenvwrapper keeps environments; the dashboard uses the same place, so `workon` sees both. */
export const WORKON_DIR = '.virtualenvs';

export interface VirtualenvOnDisk {
  name: string;
  hostPath: string;
  /** e.g. "3.11.2", from pyvenv.cfg; null when the file is missing (not a virtualenv, or half made). */
  pythonVersion: string | null;
  createdAt: Date;
}

/**
 * The virtualenvs in a home, read from the filesystem (the truth). `~/.virtualenvs` and each environment are opened
 * without following symlinks, so a link to another home (or anywhere) lists nothing of it.
 */
export async function listVirtualenvs(hostHome: string): Promise<VirtualenvOnDisk[]> {
  const dir = join(hostHome, WORKON_DIR);
  const found =
    (await withFolderNoFollow(dir, async (workon) => {
      const list: VirtualenvOnDisk[] = [];
      for (const entry of await workon.entries()) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const hostPath = join(dir, entry.name);
        const cfg = await readPyvenvCfg(hostPath);
        if (!cfg) continue;
        const stats = await workon.entryStats(entry.name);
        if (stats?.isDirectory()) list.push({ name: entry.name, hostPath, pythonVersion: cfg.version, createdAt: stats.birthtime });
      }
      return list;
    })) ?? [];
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export async function readPyvenvCfg(venvPath: string): Promise<{ version: string | null } | null> {
  const file = await readAccountFile(join(venvPath, 'pyvenv.cfg'), { maxBytes: 64 * 1024 }).catch(() => null);
  if (!file) return null;
  const version = /^\s*(?:version|version_info)\s*=\s*(\d+\.\d+(?:\.\d+)?)/m.exec(file.text)?.[1] ?? null;
  return { version };
}

/** "3.11.2" -> "3.11". */
export const minorVersion = (version: string | null): string | null => (version ? version.split('.').slice(0, 2).join('.') : null);

/**
 * Why a web app on Python `pythonVersion` cannot use a virtualenv, or null when it can: there is none at the path
 * (`hostPath` null: the path could not be resolved in the home), or its pyvenv.cfg names another Python. One rule and
 * one message for panel-api (when the app's settings change) and the worker (at every reload). `shownPath` is the
 * path as the account wrote it (/home/<username>/...).
 */
export async function virtualenvProblem(hostPath: string | null, shownPath: string, pythonVersion: string): Promise<string | null> {
  const cfg = hostPath === null ? null : await readPyvenvCfg(hostPath);
  if (!cfg) return `There is no virtualenv at ${shownPath}.`;
  const version = minorVersion(cfg.version);
  if (version === pythonVersion) return null;
  return (
    `The virtualenv ${shownPath} uses Python ${version ?? 'of an unknown version'}, but the web app uses Python ${pythonVersion}. ` +
    "Choose a virtualenv made with the same Python version, or change the web app's Python version."
  );
}

export interface InstalledDistribution {
  name: string;
  version: string;
}

/**
 * Walks of a virtualenv's tree (its size, its packages' metadata) this process made. Listings serve stored
 * measurements, so they make none; tests count these to check that.
 */
export const virtualenvWalks = { count: 0 };

/** The distributions installed in a virtualenv, from their .dist-info / .egg-info metadata (what pip freeze reads). */
export async function installedDistributions(venvPath: string): Promise<InstalledDistribution[]> {
  virtualenvWalks.count++;
  const found = new Map<string, InstalledDistribution>();
  await withFolderNoFollow(join(venvPath, 'lib'), async (lib) => {
    for (const python of (await lib.names()).filter((d) => d.startsWith('python'))) {
      const site = join(venvPath, 'lib', python, 'site-packages');
      const entries = (await withFolderNoFollow(site, (dir) => dir.names())) ?? [];
      for (const entry of entries) {
        if (!entry.endsWith('.dist-info') && !entry.endsWith('.egg-info')) continue;
        const metadata = (await readAccountFile(join(site, entry, entry.endsWith('.dist-info') ? 'METADATA' : 'PKG-INFO'), { maxBytes: 64 * 1024 }))?.text;
        if (!metadata) continue;
        const name = /^Name:\s*(.+)$/m.exec(metadata)?.[1].trim();
        const version = /^Version:\s*(.+)$/m.exec(metadata)?.[1].trim();
        if (name && version) found.set(name.toLowerCase(), { name, version });
      }
    }
  });
  return [...found.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** Packages pip freeze leaves out unless asked with --all. */
const FREEZE_EXCLUDED = new Set(['pip', 'setuptools', 'wheel', 'distribute', 'pkg-resources', 'pkg_resources']);

export function freezeLines(distributions: InstalledDistribution[]): string[] {
  return distributions.filter((d) => !FREEZE_EXCLUDED.has(d.name.toLowerCase())).map((d) => `${d.name}==${d.version}`);
}

/** Size on disk; folders are entered through descriptors without following symlinks (a venv links to the system python). */
export async function directorySize(path: string): Promise<number> {
  virtualenvWalks.count++;
  return (await withFolderNoFollow(path, (dir) => folderSize(dir, 0))) ?? 0;
}

async function folderSize(dir: HomeDirectory, depth: number): Promise<number> {
  if (depth > 64) return 0;
  let total = 0;
  const entries = await dir.entries().catch(() => []);
  const sizes = await Promise.all(
    entries.filter((e) => !e.isDirectory()).map(async (e) => ((await dir.entryStats(e.name).catch(() => null))?.blocks ?? 0) * 512),
  );
  for (const size of sizes) total += size;
  for (const e of entries.filter((e) => e.isDirectory())) {
    const child = await dir.openChild(e.name).catch(() => null);
    if (!child) continue;
    try {
      total += await folderSize(child, depth + 1);
    } finally {
      await child.close();
    }
  }
  return total;
}

export interface VirtualenvMeasurement {
  sizeBytes: number;
  /** Packages as pip freeze lists them. */
  packageCount: number;
}

/** Walks a virtualenv once for what the Environments tab shows (jobs and the worker's background pass call this). */
export async function measureVirtualenv(venvPath: string): Promise<VirtualenvMeasurement> {
  const [sizeBytes, distributions] = await Promise.all([directorySize(venvPath), installedDistributions(venvPath)]);
  return { sizeBytes, packageCount: freezeLines(distributions).length };
}

/**
 * What changes when a virtualenv's packages or Python change, without walking it: the mtimes of pyvenv.cfg and of
 * each lib/python*\/site-packages folder (pip adds and removes a folder there for every package). Null when the
 * virtualenv cannot be opened without following a symlink.
 */
export async function virtualenvStamp(venvPath: string): Promise<string | null> {
  return withFolderNoFollow(venvPath, async (venv) => {
    const cfg = await venv.entryStats('pyvenv.cfg');
    const parts = [`pyvenv.cfg:${cfg ? `${cfg.mtimeMs}:${cfg.size}` : '-'}`];
    const lib = await venv.openChild('lib').catch(() => null);
    if (!lib) return parts.join(' ');
    try {
      for (const python of (await lib.names()).filter((d) => d.startsWith('python')).sort()) {
        const site = await lib
          .openChild(python)
          .then(async (dir) => {
            try {
              return await dir.entryStats('site-packages');
            } finally {
              await dir.close();
            }
          })
          .catch(() => null);
        parts.push(`${python}:${site ? site.mtimeMs : '-'}`);
      }
    } finally {
      await lib.close();
    }
    return parts.join(' ');
  });
}
