import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobLogStore } from './job-log-store';

test('appends return the offsets that reads use', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'joblog-'));
  try {
    const store = new JobLogStore(dir);
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    assert.equal(await store.read(id), '');
    assert.equal(await store.append(id, 'héllo\n'), 0);
    const second = await store.append(id, 'world\n');
    assert.equal(second, Buffer.byteLength('héllo\n'));
    assert.equal(await store.read(id), 'héllo\nworld\n');
    assert.equal(await store.read(id, second), 'world\n');
    assert.equal(await store.size(id), second + 6);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('job ids that could escape the log directory are refused', () => {
  const store = new JobLogStore('/tmp/x');
  assert.throws(() => store.pathFor('../../etc/passwd'));
});
