/** Path helpers for the Files tab. Paths are absolute as seen in consoles: /home/alice/mysite/flask_app.py. */

export const homeOf = (username: string): string => `/home/${username}`;

export function joinPath(directory: string, name: string): string {
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

/** Whether `path` is `directory` or inside it (by whole components: /home/a/mysite2 is not under /home/a/mysite). */
export function isUnder(path: string, directory: string): boolean {
  const dir = directory.replace(/\/+$/, '');
  return path === dir || path.startsWith(`${dir}/`);
}

/** Breadcrumbs from the home down to `path`: [{name: "/home/alice", ...}, {name: "mysite", ...}]. */
export function breadcrumbs(path: string, home: string): { name: string; path: string }[] {
  const crumbs = [{ name: home, path: home }];
  if (!isUnder(path, home) || path === home) return crumbs;
  let current = home;
  for (const part of path.slice(home.length + 1).split('/').filter(Boolean)) {
    current = `${current}/${part}`;
    crumbs.push({ name: part, path: current });
  }
  return crumbs;
}

export type EditorLanguage = 'python' | 'html' | 'javascript' | 'typescript' | 'json' | 'css' | 'markdown' | 'plain';

/** The highlighting for a file: templates (.html, Jinja) get HTML, requirements.txt and the rest plain text. */
export function languageOf(path: string): EditorLanguage {
  const name = baseName(path).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  switch (ext) {
    case 'py':
    case 'pyw':
    case 'wsgi':
      return 'python';
    case 'html':
    case 'htm':
    case 'jinja':
    case 'jinja2':
    case 'j2':
      return 'html';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript';
    case 'ts':
    case 'tsx':
      return 'typescript';
    case 'json':
      return 'json';
    case 'css':
      return 'css';
    case 'md':
    case 'markdown':
      return 'markdown';
    default:
      return 'plain';
  }
}
