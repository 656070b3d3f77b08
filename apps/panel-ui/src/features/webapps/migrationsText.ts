import type { MigrationRevisionView, MigrationStatusView, RunMigrationRequest } from '@panel/contracts';

/** Alembic ids are long hex strings; the first 12 characters are what `flask db` prints. */
export const shortRevision = (revision: string): string => revision.slice(0, 12);

/**
 * The database's revision as the status last read it from the database: the revision ids (several with branches),
 * "not under migrations", or why it is unknown; never a value older than the last read.
 */
export function currentRevisionText(view: Pick<MigrationStatusView, 'currentRevisions' | 'database'>): string {
  switch (view.database.state) {
    case 'read':
      return view.currentRevisions.map(shortRevision).join(', ');
    case 'not-under-migrations':
      return 'Not under migrations yet (no revision in alembic_version)';
    case 'unreachable':
      return 'Unknown: the database could not be reached';
    case 'error':
      return 'Unknown: the database could not be read';
    case 'not-read':
      return 'Not read yet';
  }
}

/** What a revision's row says about it: applied, pending, or unknown until the current revision is read. */
export function revisionState(revision: MigrationRevisionView): { label: string; tone: 'success' | 'warning' | 'neutral' } {
  if (revision.applied === true) return { label: '✓ Applied', tone: 'success' };
  if (revision.applied === false) return { label: 'Pending', tone: 'warning' };
  return { label: 'Unknown', tone: 'neutral' };
}

/** A one-line summary of the pending migrations, or null when there are none. */
export function pendingSummary(status: Pick<MigrationStatusView, 'pending' | 'current'>): string | null {
  const count = status.pending.length;
  if (count === 0) return null;
  const ids = status.pending.map(shortRevision).join(', ');
  return `${count} pending migration${count === 1 ? '' : 's'}: ${ids}. "Upgrade to head" applies ${count === 1 ? 'it' : 'them'}.`;
}

/** The title of the job log for a request, e.g. "Downgrade to base" or "Generate migration: add users". */
export function describeMigrationRequest(request: RunMigrationRequest): string {
  switch (request.action) {
    case 'status':
      return 'Check current revision';
    case 'upgrade':
      return `Upgrade to ${request.revision ?? 'head'}`;
    case 'downgrade':
      return !request.revision || request.revision === '-1' ? 'Downgrade one step' : `Downgrade to ${request.revision}`;
    case 'stamp':
      return `Stamp ${request.revision ?? 'head'}`;
    case 'generate':
      return `Generate migration: ${request.message}`;
    case 'init':
      return 'Init migrations';
    case 'adopt':
      return 'Adopt existing database';
    case 'custom':
      return `Custom command: ${request.command}`;
  }
}

const ACTION_LABELS: Record<string, string> = {
  status: 'Check revision',
  upgrade: 'Upgrade',
  downgrade: 'Downgrade',
  stamp: 'Stamp',
  generate: 'Generate',
  init: 'Init',
  adopt: 'Adopt',
  custom: 'Custom command',
};

/** The history table's name for an action; an unknown one is shown as it is. */
export const migrationActionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

/** The revisions a select offers, newest first, labelled "id — message (head)". */
export function revisionOptions(revisions: MigrationRevisionView[]): { value: string; label: string }[] {
  return [...revisions].reverse().map((r) => ({
    value: r.revision,
    label: `${shortRevision(r.revision)} — ${r.message || '(no message)'}${r.head ? ' (head)' : ''}${r.current ? ' (current)' : ''}`,
  }));
}
