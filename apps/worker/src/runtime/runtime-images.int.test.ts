import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The image checks of runtime-images/check.sh, for each Python version: offline venv + the tutorial's packages from
 * the wheelhouse, pip freeze, Flask-Migrate bringing Alembic, `flask db init/migrate/upgrade`, console scripts,
 * virtualenvwrapper as a non-root uid, and a fast, clear failure for a package that does not exist.
 */
for (const version of ['3.9', '3.11', '3.13']) {
  test(`the Python ${version} runtime image passes its checks`, { timeout: 600_000 }, async () => {
    const output: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn('bash', [join(ROOT, 'runtime-images', 'check.sh'), version], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('close', (status) => resolve(status ?? 1));
    });
    assert.equal(code, 0, output.join('').slice(-4000));
  });
}
