import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readRevisionFiles, revisionGraph } from './migration-files';

const VERSIONS = join(__dirname, '..', '..', 'templates', 'comment-board', 'migrations', 'versions');

test("the comment board's revisions are read in order, with applied and pending from the current one", async () => {
  const files = await readRevisionFiles(VERSIONS);
  assert.equal(files.length, 3);
  const graph = revisionGraph(files, '7c4e8a1d2f02');
  assert.deepEqual(graph.revisions.map((r) => r.revision), ['5a1f3c2b9d01', '7c4e8a1d2f02', '9e2b6d4f1a03']);
  assert.deepEqual(graph.revisions.map((r) => r.applied), [true, true, false]);
  assert.deepEqual(graph.heads, ['9e2b6d4f1a03']);
  assert.deepEqual(graph.pending, ['9e2b6d4f1a03']);
  assert.equal(graph.revisions[0].message, 'comments table');
  assert.equal(revisionGraph(files, null).pending.length, 3);
});
