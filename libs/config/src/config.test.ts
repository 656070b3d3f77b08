import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigSchema, EnvSchema, formatSetting, loadConfig, loadSettings } from './config';
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

test("env files use Node's dotenv syntax", () => {
  assert.deepEqual(parseEnvFile("export A=1\nB=two # a comment\nC='#not a comment'\n"), { A: '1', B: 'two', C: '#not a comment' });
});

test('the one schema parses variables straight into the config', () => {
  assert.deepEqual(ConfigSchema.parse({ ...noFile }), loadConfig({ ...noFile }));
  const config = ConfigSchema.parse({ PANEL_HOME_QUOTA_MB: '2', PANEL_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2', PANEL_API_PORT: '3005' });
  assert.equal(config.homeQuotaBytes, 2 * 1024 * 1024);
  assert.deepEqual(config.trustedProxies, ['10.0.0.1', '10.0.0.2']);
  assert.equal(config.api.publicUrl, 'http://localhost:3005');
  assert.equal(ConfigSchema.parse({ PANEL_PUBLIC_URL: 'https://panel.example.org' }).api.publicUrl, 'https://panel.example.org');
  assert.throws(() => ConfigSchema.parse({ PANEL_API_PORT: '0' }));
});

test('settings are the variables in their own units, as bash prints them', () => {
  const settings = loadSettings({ ...noFile, PANEL_HOME_QUOTA_MB: '2', PANEL_CUSTOM_DOMAINS: 'X.org,*.x.org' });
  assert.equal(settings.PANEL_HOME_QUOTA_MB, 2);
  assert.equal(formatSetting(settings.PANEL_CUSTOM_DOMAINS), 'x.org,*.x.org');
  assert.equal(formatSetting(settings.PANEL_SIGNUP_ENABLED), 'true');
  assert.equal(formatSetting(settings.PANEL_PIP_INDEX_URL), '');
  assert.equal(settings.PANEL_PUBLIC_URL, 'http://localhost:3000');
  assert.equal(settings.PANEL_ENV_FILE, '/nonexistent/panel.env');
  assert.equal(EnvSchema.parse({}).PANEL_ENV_FILE, '/etc/panel/panel.env');
  assert.throws(() => loadSettings({ ...noFile, PANEL_UID_BASE: '5' }), /PANEL_UID_BASE="5"/);
});

test('an env file gives defaults, the environment wins, and an empty variable counts as unset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'panel-config-'));
  try {
    const file = join(dir, 'panel.env');
    writeFileSync(file, 'PANEL_USER_NETWORK=from-file\nPANEL_APPS_PORT=8081\nPANEL_ENV_FILE=/elsewhere\n');
    const config = loadConfig({ PANEL_ENV_FILE: file, PANEL_APPS_PORT: '8082', PANEL_USER_NETWORK: '' });
    assert.equal(config.userNetwork, 'from-file');
    assert.equal(config.appsPort, 8082);
    assert.equal(loadSettings({ PANEL_ENV_FILE: file }).PANEL_ENV_FILE, file);
    writeFileSync(file, 'PANEL_APPS_PORT=none\n');
    assert.throws(() => loadConfig({ PANEL_ENV_FILE: file }), /PANEL_APPS_PORT="none"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
