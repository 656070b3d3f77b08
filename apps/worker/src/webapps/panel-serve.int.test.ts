import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PLATFORM_PYTHON_DIR = join(__dirname, '..', '..', 'python');

/** Runs Python code in a runtime image with the platform's Python files importable, as the app containers do. */
async function pythonInImage(version: string, code: string) {
  const { stdout } = await promisify(execFile)('docker', [
    'run', '--rm', '--network', 'none', '--user', '10001:10001',
    '-v', `${PLATFORM_PYTHON_DIR}:/opt/panel:ro`, '-e', 'PYTHONPATH=/opt/panel',
    `panel-python:${version}`, 'python3', '-c', code,
  ], { timeout: 60_000 });
  return stdout.trim();
}

// panel_serve.py keeps pkg_resources out of the gunicorn master (see its docstring); the user's code must still get
// the real module, and gunicorn's own reference must still work when used.
for (const version of ['3.9', '3.11', '3.13']) {
  test(`Python ${version}: gunicorn starts without pkg_resources, which still works for gunicorn and for the app`, { timeout: 120_000 }, async () => {
    const output = await pythonInImage(version, `
import sys
import panel_serve
import gunicorn.util
print("loaded after gunicorn:", "pkg_resources" in sys.modules)
import pkg_resources
print("user gets the real module:", hasattr(pkg_resources, "working_set") and type(pkg_resources).__name__ == "module")
if hasattr(gunicorn.util, "pkg_resources"):
    print("gunicorn's reference works:", gunicorn.util.pkg_resources.load_entry_point is pkg_resources.load_entry_point)
print("sync worker loads:", gunicorn.util.load_class("sync").__name__)
`);
    assert.match(output, /loaded after gunicorn: False/);
    assert.match(output, /user gets the real module: True/);
    if (version !== '3.13') assert.match(output, /gunicorn's reference works: True/);
    assert.match(output, /sync worker loads: SyncWorker/);
  });
}
