import type { MigrationRevisionView } from '@panel/contracts';
import { describe, expect, it } from 'vitest';
import {
  describeMigrationRequest,
  migrationActionLabel,
  pendingSummary,
  revisionOptions,
  revisionState,
  shortRevision,
} from './migrationsText';

const rev = (over: Partial<MigrationRevisionView>): MigrationRevisionView => ({
  revision: '1a2b3c4d5e6f7a8b',
  downRevision: null,
  message: 'create users',
  file: 'migrations/versions/1a2b_create_users.py',
  applied: true,
  current: false,
  head: false,
  ...over,
});

describe('migration helpers', () => {
  it('shortens a revision id as `flask db` prints it', () => {
    expect(shortRevision('1a2b3c4d5e6f7a8b')).toBe('1a2b3c4d5e6f');
  });

  it('labels a revision applied, pending or unknown', () => {
    expect(revisionState(rev({ applied: true }))).toEqual({ label: '✓ Applied', tone: 'success' });
    expect(revisionState(rev({ applied: false }))).toEqual({ label: 'Pending', tone: 'warning' });
    expect(revisionState(rev({ applied: null }))).toEqual({ label: 'Unknown', tone: 'neutral' });
  });

  it('summarises the pending migrations', () => {
    expect(pendingSummary({ pending: [], current: 'a (head)' })).toBeNull();
    expect(pendingSummary({ pending: ['aaaaaaaaaaaaaaaa'], current: null })).toBe(
      '1 pending migration: aaaaaaaaaaaa. "Upgrade to head" applies it.',
    );
    expect(pendingSummary({ pending: ['a1', 'b2'], current: null })).toBe('2 pending migrations: a1, b2. "Upgrade to head" applies them.');
  });

  it('titles each request', () => {
    expect(describeMigrationRequest({ action: 'status' })).toBe('Check current revision');
    expect(describeMigrationRequest({ action: 'upgrade' })).toBe('Upgrade to head');
    expect(describeMigrationRequest({ action: 'upgrade', revision: 'abc' })).toBe('Upgrade to abc');
    expect(describeMigrationRequest({ action: 'downgrade', confirm: true })).toBe('Downgrade one step');
    expect(describeMigrationRequest({ action: 'downgrade', revision: '-1', confirm: true })).toBe('Downgrade one step');
    expect(describeMigrationRequest({ action: 'downgrade', revision: 'base', confirm: true })).toBe('Downgrade to base');
    expect(describeMigrationRequest({ action: 'stamp', confirm: true })).toBe('Stamp head');
    expect(describeMigrationRequest({ action: 'generate', message: 'add email' })).toBe('Generate migration: add email');
    expect(describeMigrationRequest({ action: 'init' })).toBe('Init migrations');
    expect(describeMigrationRequest({ action: 'adopt' })).toBe('Adopt existing database');
    expect(describeMigrationRequest({ action: 'custom', command: 'flask db check' })).toBe('Custom command: flask db check');
    expect(migrationActionLabel('downgrade')).toBe('Downgrade');
    expect(migrationActionLabel('something-new')).toBe('something-new');
  });

  it('offers revisions newest first with their markers', () => {
    const options = revisionOptions([
      rev({ revision: 'aaaaaaaaaaaaaaaa', message: 'first', current: true }),
      rev({ revision: 'bbbbbbbbbbbbbbbb', message: '', head: true, applied: false }),
    ]);
    expect(options).toEqual([
      { value: 'bbbbbbbbbbbbbbbb', label: 'bbbbbbbbbbbb — (no message) (head)' },
      { value: 'aaaaaaaaaaaaaaaa', label: 'aaaaaaaaaaaa — first (current)' },
    ]);
  });
});
