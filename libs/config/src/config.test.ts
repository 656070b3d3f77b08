import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config';
import { parseEnvFile } from './env-file';

const noFile = { PANEL_ENV_FILE: '/nonexistent/panel.env' };

test('defaults give a complete config', () => {
  const config = loadConfig({ ...noFile });
  assert.equal(config.dataDir, '/var/lib/panel');
  assert.equal(config.homesDir, '/var/lib/panel/home');
  assert.equal(config.appsDomain, 'apps.localhost');
  assert.equal(config.api.port, 3000);
  assert.equal(config.appsPort, 8080);
  assert.equal(config.signupEnabled, true);
  assert.equal(config.api.publicUrl, 'http://localhost:3000');
  assert.equal(config.homeQuotaBytes, 1024 * 1024 * 1024);
  assert.equal(config.postgresUrl, 'postgres://panel@127.0.0.1:5432/postgres');
  assert.equal(config.databaseUploadMaxBytes, 1024 * 1024 * 1024);
});

test('a bad value names the variable', () => {
  assert.throws(
    () => loadConfig({ ...noFile, PANEL_API_PORT: 'eighty', PANEL_DATA_DIR: 'relative/dir' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /PANEL_API_PORT="eighty"/.test(error.message) &&
      /PANEL_DATA_DIR="relative\/dir": must be an absolute path/.test(error.message),
  );
  assert.throws(() => loadConfig({ ...noFile, REDIS_URL: 'http://x' }), /REDIS_URL/);
  assert.throws(() => loadConfig({ ...noFile, PANEL_POSTGRES_URL: 'mysql://panel@127.0.0.1/postgres' }), /PANEL_POSTGRES_URL/);
  assert.throws(() => loadConfig({ ...noFile, PANEL_DATABASE_UPLOAD_MAX_MB: '0' }), /PANEL_DATABASE_UPLOAD_MAX_MB/);
  assert.throws(() => loadConfig({ ...noFile, PANEL_SIGNUP_ENABLED: 'maybe' }), /PANEL_SIGNUP_ENABLED/);
  assert.throws(() => loadConfig({ ...noFile, PANEL_APPS_DOMAIN: 'Apps_Local' }), /PANEL_APPS_DOMAIN/);
});

test('booleans and numbers are parsed', () => {
  const config = loadConfig({ ...noFile, PANEL_SIGNUP_ENABLED: 'false', PANEL_CONTAINER_CPUS: '0.5' });
  assert.equal(config.signupEnabled, false);
  assert.equal(config.containerLimits.nanoCpus, 500_000_000);
});

test('env file lines are defaults that the environment overrides', () => {
  assert.deepEqual(parseEnvFile('# c\nA=1\nB="two words"\n\nbad line\n'), { A: '1', B: 'two words' });
});
