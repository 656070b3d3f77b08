import { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
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

/** The virtualenvs in a home, read from the filesystem (the truth). */
export async function listVirtualenvs(hostHome: string): Promise<VirtualenvOnDisk[]> {
  const dir = join(hostHome, WORKON_DIR);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: VirtualenvOnDisk[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const hostPath = join(dir, entry.name);
    const cfg = await readPyvenvCfg(hostPath);
    if (!cfg) continue;
    found.push({ name: entry.name, hostPath, pythonVersion: cfg.version, createdAt: (await lstat(hostPath)).birthtime });
  }
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

export interface InstalledDistribution {
  name: string;
  version: string;
}

/** The distributions installed in a virtualenv, from their .dist-info / .egg-info metadata (what pip freeze reads). */
export async function installedDistributions(venvPath: string): Promise<InstalledDistribution[]> {
  const lib = join(venvPath, 'lib');
  let pythons: string[];
  try {
    pythons = (await readdir(lib)).filter((d) => d.startsWith('python'));
  } catch {
    return [];
  }
  const found = new Map<string, InstalledDistribution>();
  for (const python of pythons) {
    const site = join(lib, python, 'site-packages');
    let entries: string[];
    try {
      entries = await readdir(site);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.endsWith('.dist-info') && !entry.endsWith('.egg-info')) continue;
      const metadata = (await readAccountFile(join(site, entry, entry.endsWith('.dist-info') ? 'METADATA' : 'PKG-INFO'), { maxBytes: 64 * 1024 }))?.text;
      if (!metadata) continue;
      const name = /^Name:\s*(.+)$/m.exec(metadata)?.[1].trim();
      const version = /^Version:\s*(.+)$/m.exec(metadata)?.[1].trim();
      if (name && version) found.set(name.toLowerCase(), { name, version });
    }
  }
  return [...found.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** Packages pip freeze leaves out unless asked with --all. */
const FREEZE_EXCLUDED = new Set(['pip', 'setuptools', 'wheel', 'distribute', 'pkg-resources', 'pkg_resources']);

export function freezeLines(distributions: InstalledDistribution[]): string[] {
  return distributions.filter((d) => !FREEZE_EXCLUDED.has(d.name.toLowerCase())).map((d) => `${d.name}==${d.version}`);
}

/** Size on disk, without following symlinks (a venv links to the system python). */
export async function directorySize(path: string): Promise<number> {
  let total = 0;
  const stack = [path];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    const stats = await Promise.all(
      entries.map(async (entry) => {
        const full = join(current, entry.name);
        if (entry.isDirectory()) {
          stack.push(full);
          return 0;
        }
        try {
          return (await lstat(full)).blocks * 512;
        } catch {
          return 0;
        }
      }),
    );
    for (const size of stats) total += size;
  }
  return total;
}
