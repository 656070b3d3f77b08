import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = join(__dirname, 'print-setting.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PANEL_ENV_FILE: '/nonexistent/panel.env', ...env },
  });

test('print-setting prints the effective value of a setting', () => {
  assert.equal(run(['PANEL_USER_NETWORK']).stdout, 'panel-users\n');
  assert.equal(run(['PANEL_USER_NETWORK'], { PANEL_USER_NETWORK: 'other-net' }).stdout, 'other-net\n');
  assert.equal(run(['PANEL_PUBLIC_URL'], { PANEL_API_PORT: '3005' }).stdout, 'http://localhost:3005\n');
  assert.equal(run(['PANEL_PIP_INDEX_URL']).stdout, '\n');
  assert.equal(run(['--default', 'PANEL_USER_NETWORK'], { PANEL_USER_NETWORK: 'other-net' }).stdout, 'panel-users\n');
});

test('print-setting refuses an unknown name and a bad environment', () => {
  const unknown = run(['PANEL_NO_SUCH']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no setting PANEL_NO_SUCH/);
  assert.equal(run([]).status, 2);
  const bad = run(['PANEL_USER_NETWORK'], { PANEL_API_PORT: 'eighty' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /PANEL_API_PORT="eighty"/);
  assert.equal(bad.stdout, '');
});
