import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRevisionFiles, revisionGraph } from './migration-files';

const VERSIONS = join(__dirname, '..', '..', 'templates', 'comment-board', 'migrations', 'versions');

test("the comment board's revisions are read in order, with applied and pending from the current one", async () => {
  const files = await readRevisionFiles(VERSIONS);
  assert.equal(files.length, 3);
  const graph = revisionGraph(files, ['7c4e8a1d2f02']);
  assert.deepEqual(graph.revisions.map((r) => r.revision), ['5a1f3c2b9d01', '7c4e8a1d2f02', '9e2b6d4f1a03']);
  assert.deepEqual(graph.revisions.map((r) => r.applied), [true, true, false]);
  assert.deepEqual(graph.heads, ['9e2b6d4f1a03']);
  assert.deepEqual(graph.pending, ['9e2b6d4f1a03']);
  assert.equal(graph.revisions[0].message, 'comments table');
  assert.equal(revisionGraph(files, []).pending.length, 3, 'no alembic_version rows: nothing applied');
  assert.deepEqual(revisionGraph(files, undefined).pending, [], 'not read: nothing is said to be pending');
  assert.ok(revisionGraph(files, undefined).revisions.every((r) => r.applied === null));
});

test('two heads: every alembic_version row and its ancestors are applied; the other branch is pending', async () => {
  const files = [
    ...(await readRevisionFiles(VERSIONS)),
    { revision: 'branch000001', downRevision: '7c4e8a1d2f02', message: 'a branch', file: 'branch000001_a_branch.py' },
  ];
  const one = revisionGraph(files, ['9e2b6d4f1a03']);
  assert.deepEqual(one.heads.sort(), ['9e2b6d4f1a03', 'branch000001']);
  assert.deepEqual(one.pending, ['branch000001']);
  assert.deepEqual(one.revisions.filter((r) => r.current).map((r) => r.revision), ['9e2b6d4f1a03']);
  const both = revisionGraph(files, ['9e2b6d4f1a03', 'branch000001']);
  assert.deepEqual(both.pending, []);
  assert.deepEqual(both.revisions.filter((r) => r.current).map((r) => r.revision).sort(), ['9e2b6d4f1a03', 'branch000001']);
});

test("a merge revision's tuple down_revision is read, and applied walks through both parents", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'revisions-'));
  try {
    await writeFile(join(dir, 'a.py'), `"""base"""\nrevision = 'aaaa00000001'\ndown_revision = None\n`);
    await writeFile(join(dir, 'b.py'), `"""left"""\nrevision = 'bbbb00000001'\ndown_revision = 'aaaa00000001'\n`);
    await writeFile(join(dir, 'c.py'), `"""right"""\nrevision = 'cccc00000001'\ndown_revision = 'aaaa00000001'\n`);
    await writeFile(join(dir, 'm.py'), `"""merge"""\nrevision = 'mmmm00000001'\ndown_revision = ('bbbb00000001', 'cccc00000001')\n`);
    const files = await readRevisionFiles(dir);
    assert.deepEqual(files.find((f) => f.revision === 'mmmm00000001')?.downRevisions, ['bbbb00000001', 'cccc00000001']);
    const merged = revisionGraph(files, ['mmmm00000001']);
    assert.deepEqual(merged.heads, ['mmmm00000001']);
    assert.deepEqual(merged.pending, []);
    assert.equal(merged.revisions.map((r) => r.revision).at(-1), 'mmmm00000001', 'the merge comes after both parents');
    assert.deepEqual(revisionGraph(files, ['bbbb00000001']).pending.sort(), ['cccc00000001', 'mmmm00000001']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
