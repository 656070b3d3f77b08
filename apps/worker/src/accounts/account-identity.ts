import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// The system users and groups a Debian image has that programs look up; the account's own entry is added to them.
const SYSTEM_PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
];
const SYSTEM_GROUP = ['root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'adm:x:4:', 'tty:x:5:', 'staff:x:50:', 'users:x:100:', 'nogroup:x:65534:'];

export function passwdFile(username: string, uid: number, home: string): string {
  return [...SYSTEM_PASSWD, `${username}:x:${uid}:${uid}:${username}:${home}:/bin/bash`].join('\n') + '\n';
}

export function groupFile(username: string, uid: number): string {
  return [...SYSTEM_GROUP, `${username}:x:${uid}:`].join('\n') + '\n';
}

/**
 * The account's name inside its containers: /etc/passwd and /etc/group files with its entry (username, uid, gid,
 * home, bash), bind-mounted read-only, so `whoami`, `id`, `ls -l`, git and anything that looks up the home by uid
 * work. They live in the node's runtime directory (root's, never the account's), are written only when their
 * content changes, and in place: a running container's bind mount keeps seeing the same file.
 */
export async function ensureIdentityFiles(runtimeDir: string, username: string, uid: number, home: string): Promise<{ passwd: string; group: string }> {
  const dir = join(runtimeDir, 'accounts', username);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const files = { passwd: join(dir, 'passwd'), group: join(dir, 'group') };
  await writeIfChanged(files.passwd, passwdFile(username, uid, home));
  await writeIfChanged(files.group, groupFile(username, uid));
  return files;
}

async function writeIfChanged(path: string, content: string) {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current !== content) await writeFile(path, content, { mode: 0o644 });
}
