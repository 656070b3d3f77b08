import { lstat, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { accountContainerHome } from './home-locations';

export class HomePathError extends Error {}

/**
 * Resolves a path the user gave (relative to the home, or absolute as seen in their containers:
 * /home/<username>/...) to a host path inside the home. Refuses anything that leaves the home, including through
 * symlinks made in a console, NUL bytes and encoded traversal (callers pass decoded paths).
 */
export async function resolveHomePath(hostHome: string, username: string, userPath: string): Promise<string> {
  const candidate = await lexicalHomePath(hostHome, username, userPath);
  // Symlinks: resolve as much of the path as exists and check again.
  const real = await realpathOfExistingPrefix(candidate);
  assertInside(await realpath(hostHome), real, userPath, accountContainerHome(username));
  return candidate;
}

/** Symlinks followed while resolving one path, at most (the kernel's limit is 40 too). */
const MAX_SYMLINKS = 40;

/**
 * Resolves a user path to its canonical path relative to the home's real path ("" for the home itself), the way
 * the account's containers see it: symlinks are followed one by one, an absolute target counts from the container's
 * root (so "/home/alice/mysite" is inside the home and "/etc/passwd" or "/home/bob" is not), and ".." never climbs
 * above the home. The answer is only a plan: HomeFs then opens each component with O_NOFOLLOW, so a link swapped in
 * meanwhile makes that fail rather than lead outside. With followFinal false a final symlink is kept (to rename or
 * delete the link itself).
 * Components that do not exist (yet) are kept as written. `containerRoot` is where the tree is mounted in the
 * account's containers (the home by default; /var/www or /var/log for the account's own directories there).
 */
export async function canonicalHomePath(realHome: string, username: string, userPath: string, followFinal = true, containerRoot = accountContainerHome(username)): Promise<string> {
  if (userPath.includes('\0')) throw new HomePathError('A path cannot contain a NUL byte.');
  const containerHome = containerRoot;
  const outside = () => new HomePathError(`The path ${userPath} is outside your home directory (${containerHome}).`);
  const fromContainerPath = (path: string): string[] => {
    if (path === containerHome || path.startsWith(containerHome + '/')) return path.slice(containerHome.length).split('/');
    const normalized = posix.normalize(path);
    if (normalized === containerHome || normalized.startsWith(containerHome + '/')) return normalized.slice(containerHome.length).split('/');
    throw outside();
  };
  let pending = isAbsolute(userPath) ? fromContainerPath(userPath) : userPath.split('/');
  const resolved: string[] = [];
  let links = 0;
  let missing = false;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!resolved.length) throw outside();
      resolved.pop();
      continue;
    }
    const last = !pending.some((p) => p !== '' && p !== '.');
    if (!missing) {
      let stats;
      try {
        stats = await lstat(join(realHome, ...resolved, part));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
        missing = true; // the rest is kept as written (a file or folder to be created)
      }
      if (stats?.isSymbolicLink() && (!last || followFinal)) {
        if (++links > MAX_SYMLINKS) throw new HomePathError(`The path ${userPath} goes through too many symbolic links (a loop?).`);
        const target = await readlink(join(realHome, ...resolved, part));
        if (isAbsolute(target)) {
          resolved.length = 0;
          pending = [...fromContainerPath(target), ...pending];
        } else {
          pending = [...target.split('/'), ...pending];
        }
        continue;
      }
    }
    resolved.push(part);
  }
  return resolved.join('/');
}

/** The host path a user path names, checked without touching the disk (NUL, absolute paths elsewhere, ".."). */
async function lexicalHomePath(hostHome: string, username: string, userPath: string): Promise<string> {
  if (userPath.includes('\0')) throw new HomePathError('A path cannot contain a NUL byte.');
  const containerHome = accountContainerHome(username);
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
      // ENOTDIR: a part is a file (or a link to one); its parent decides whether the path is in the home at all.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = resolve(current, '..');
      if (parent === current) throw error;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}
