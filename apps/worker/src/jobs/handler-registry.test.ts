import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobName } from '@panel/contracts';
import { buildHandlerMap } from './handler-registry';

const handler = { handle: async () => undefined };

test('every job name needs a handler', () => {
  assert.throws(() => buildHandlerMap([]), /No handler for job\(s\): system\.check/);
});

test('a job name cannot have two handlers', () => {
  assert.throws(
    () => buildHandlerMap([{ name: JobName.SystemCheck, handler }, { name: JobName.SystemCheck, handler }]),
    /Two handlers/,
  );
});

test('a complete set of handlers maps each name', () => {
  const entries = Object.values(JobName).map((name) => ({ name, handler }));
  assert.equal(buildHandlerMap(entries).size, Object.values(JobName).length);
});
