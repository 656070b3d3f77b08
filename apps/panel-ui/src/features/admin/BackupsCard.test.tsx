import type { BackupRunView } from '@panel/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupsCard } from './BackupsCard';

const run = (over: Partial<BackupRunView>): BackupRunView => ({
  id: 'a',
  status: 'succeeded',
  location: '/srv/backups/20261201T020000Z',
  startedAt: new Date(Date.now() - 3_600_000).toISOString(),
  finishedAt: new Date().toISOString(),
  sizeBytes: 5 * 1024 * 1024,
  error: null,
  ...over,
});

function renderWith(body: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })));
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <BackupsCard />
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('the Backups card', () => {
  it('shows the latest backup, its size and where it is', async () => {
    renderWith({ latest: run({}), lastSucceeded: run({}) });
    expect(await screen.findByText('Succeeded')).toBeTruthy();
    expect(screen.getByText(/5\.0 MiB/)).toBeTruthy();
    expect(screen.getByText('/srv/backups/20261201T020000Z')).toBeTruthy();
  });

  it('says a failed backup failed, with why, and when the last good one was', async () => {
    renderWith({ latest: run({ id: 'b', status: 'failed', sizeBytes: 100, error: 'mysqldump failed (exit 2): Access denied' }), lastSucceeded: run({ location: '/srv/backups/old' }) });
    expect(await screen.findByText('Failed')).toBeTruthy();
    expect(screen.getByText('mysqldump failed (exit 2): Access denied')).toBeTruthy();
    expect(screen.getByText('Last good:')).toBeTruthy();
    expect(screen.getByText('/srv/backups/old')).toBeTruthy();
  });

  it('says so when there is no backup yet', async () => {
    renderWith({ latest: null, lastSucceeded: null });
    expect(await screen.findByText('No backup has been made yet.')).toBeTruthy();
  });
});
