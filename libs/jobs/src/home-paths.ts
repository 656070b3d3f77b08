import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export class HomePathError extends Error {}

/**
 * Resolves a path the user gave (relative to the home, or absolute as seen in their containers:
 * /home/<username>/...) to a host path inside the home. Refuses anything that leaves the home, including through
 * symlinks made in a console, NUL bytes and encoded traversal (callers pass decoded paths).
 */
export async function resolveHomePath(hostHome: string, username: string, userPath: string): Promise<string> {
  if (userPath.includes('\0')) throw new HomePathError('A path cannot contain a NUL byte.');
  const containerHome = `/home/${username}`;
  let relativePath: string;
  if (isAbsolute(userPath)) {
    const normalized = resolve(userPath);
    if (normalized !== containerHome && !normalized.startsWith(containerHome + '/')) {
      throw new HomePathError(`The path ${userPath} is outside your home directory (${containerHome}).`);
    }
    relativePath = normalized.slice(containerHome.length + 1);
  } else {
    relativePath = userPath;
  }
  const candidate = resolve(hostHome, relativePath);
  assertInside(hostHome, candidate, userPath, containerHome);
  // Symlinks: resolve as much of the path as exists and check again.
  const real = await realpathOfExistingPrefix(candidate);
  assertInside(await realpath(hostHome), real, userPath, containerHome);
  return candidate;
}

function assertInside(root: string, path: string, userPath: string, containerHome: string) {
  const rel = relative(root, path);
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
    throw new HomePathError(`The path ${userPath} is outside your home directory (${containerHome}).`);
  }
}

async function realpathOfExistingPrefix(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = resolve(current, '..');
      if (parent === current) throw error;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}
