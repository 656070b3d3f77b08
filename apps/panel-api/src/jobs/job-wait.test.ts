import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobEntity } from '@panel/database';
import type { PublishedJobEvent } from '@panel/jobs';
import type { JobEventsHub } from './job-events.hub';
import type { JobsService } from './jobs.service';
import { waitForJobEnd } from './job-wait';

function fakes(statuses: string[]) {
  let listener: ((event: PublishedJobEvent) => void) | null = null;
  let unsubscribed = false;
  let reads = 0;
  const hub = {
    subscribe: async (_id: string, l: (event: PublishedJobEvent) => void) => {
      listener = l;
      return () => void (unsubscribed = true);
    },
  } as unknown as JobEventsHub;
  const jobs = {
    reload: async (id: string) => ({ id, status: statuses[Math.min(reads++, statuses.length - 1)] }) as JobEntity,
  } as unknown as JobsService;
  return { hub, jobs, emit: () => listener?.({ type: 'status' } as PublishedJobEvent), unsubscribed: () => unsubscribed };
}

test('waitForJobEnd answers the finished row as soon as a status event says so', async () => {
  const f = fakes(['running', 'succeeded']);
  const started = Date.now();
  setTimeout(f.emit, 30);
  const job = await waitForJobEnd(f.hub, f.jobs, 'j1', 10_000);
  assert.equal(job?.status, 'succeeded');
  assert.ok(Date.now() - started < 2_000, 'woken by the event, not by the 5 s re-read');
  assert.ok(f.unsubscribed());
});

test('waitForJobEnd answers null at its time limit while the job runs, and unsubscribes', async () => {
  const f = fakes(['running']);
  assert.equal(await waitForJobEnd(f.hub, f.jobs, 'j2', 100), null);
  assert.ok(f.unsubscribed());
});

test('waitForJobEnd answers a job already finished without waiting', async () => {
  const f = fakes(['failed']);
  assert.equal((await waitForJobEnd(f.hub, f.jobs, 'j3', 10_000))?.status, 'failed');
});
