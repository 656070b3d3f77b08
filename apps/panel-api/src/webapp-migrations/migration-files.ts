import type { MigrationRevisionView } from '@panel/contracts';
import { readAccountFile, withFolderNoFollow } from '@panel/home-fs';
import { join } from 'node:path';

export interface RevisionFile {
  revision: string;
  /** The first parent (what the view shows); null for a base revision. */
  downRevision: string | null;
  /** Every parent: a merge revision's down_revision is a tuple. Absent: [downRevision]. */
  downRevisions?: string[];
  message: string;
  file: string;
}

/** Enough for any revision file's header (revision ids and docstring come first). */
const MAX_REVISION_FILE_BYTES = 256 * 1024;

/**
 * Reads Alembic revision files (revision, down_revision and the docstring's first line) without running them. The
 * folder is reached without following symlinks: `migrations -> ../../<another home>/...` reads nothing of it.
 */
export async function readRevisionFiles(versionsDir: string): Promise<RevisionFile[]> {
  const names = ((await withFolderNoFollow(versionsDir, (dir) => dir.names())) ?? []).filter((n) => n.endsWith('.py'));
  const found: RevisionFile[] = [];
  for (const name of names) {
    const text = (await readAccountFile(join(versionsDir, name), { maxBytes: MAX_REVISION_FILE_BYTES }))?.text ?? '';
    const revision = /^revision\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
    if (!revision) continue;
    // None, 'id', or a merge's ('id1', 'id2') (a tuple or list, on one line).
    const down = /^down_revision\s*(?::[^=]+)?=\s*(None|['"][^'"]*['"]|[([][^)\]\n]*[)\]])/m.exec(text)?.[1] ?? 'None';
    const parents = [...down.matchAll(/['"]([A-Za-z0-9_]+)['"]/g)].map((m) => m[1]);
    const message = /^"""([^\n]*)/.exec(text.trimStart())?.[1].trim() ?? '';
    found.push({ revision, downRevision: parents[0] ?? null, downRevisions: parents, message, file: name });
  }
  return found;
}

/**
 * Orders revisions base-first along their down_revision chain and marks heads, applied and current. `current` is
 * the database's alembic_version rows (several with branches; empty: not under migrations, nothing applied);
 * undefined: the database's revision is not known (never read, or it could not be read). Applied revisions are
 * every current revision and its ancestors.
 */
export function revisionGraph(files: RevisionFile[], current: readonly string[] | undefined): { revisions: MigrationRevisionView[]; heads: string[]; pending: string[] } {
  const byId = new Map(files.map((f) => [f.revision, f]));
  const parentsOf = (f: RevisionFile): string[] => f.downRevisions ?? (f.downRevision ? [f.downRevision] : []);
  const parents = new Set(files.flatMap(parentsOf));
  const heads = files.filter((f) => !parents.has(f.revision)).map((f) => f.revision);
  const ordered: RevisionFile[] = [];
  const seen = new Set<string>();
  const visit = (f: RevisionFile) => {
    if (seen.has(f.revision)) return;
    seen.add(f.revision);
    for (const parent of parentsOf(f)) if (byId.has(parent)) visit(byId.get(parent)!);
    ordered.push(f);
  };
  files.forEach(visit);
  const currentIds = new Set(current ?? []);
  const applied = new Set<string>();
  // Every current revision and all its ancestors (through both parents of a merge).
  const stack = [...currentIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const file = byId.get(id);
    if (!file || applied.has(id)) continue;
    applied.add(id);
    stack.push(...parentsOf(file));
  }
  const revisions = ordered.map((f) => ({
    revision: f.revision,
    downRevision: f.downRevision,
    message: f.message,
    file: f.file,
    applied: current === undefined ? null : applied.has(f.revision),
    current: currentIds.has(f.revision),
    head: heads.includes(f.revision),
  }));
  return { revisions, heads, pending: current === undefined ? [] : revisions.filter((r) => !applied.has(r.revision)).map((r) => r.revision) };
}
