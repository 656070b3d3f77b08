import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JobName, jobTitle } from './jobs';

describe('a job in words', () => {
  test('names the web app, environment or database it acted on', () => {
    assert.equal(jobTitle(JobName.WebAppReload, { webappId: 1, domain: 'alice.apps.localhost' }), 'Reload alice.apps.localhost');
    assert.equal(jobTitle(JobName.EnvironmentInstall, { name: 'mysite-env', packages: ['flask'] }), 'Install flask into mysite-env');
    assert.equal(jobTitle(JobName.EnvironmentUninstall, { name: 'env', packages: ['a', 'b', 'c', 'd', 'e'] }), 'Uninstall a, b, c and 2 more from env');
    assert.equal(jobTitle(JobName.EnvironmentBuild, { name: 'env', pythonVersion: '3.11' }), 'Build env (Python 3.11)');
    assert.equal(jobTitle(JobName.WebAppStop, { domain: 'a.test', deleteApp: true }), 'Delete a.test');
    assert.equal(jobTitle(JobName.WebAppMigrate, { domain: 'a.test', request: { action: 'upgrade', revision: 'head' } }), 'Upgrade to head: a.test');
    assert.equal(jobTitle(JobName.DatabaseRestore, { database: 'alice$db', fileName: 'dump.sql' }), 'Restore alice$db from dump.sql');
  });

  test('a payload without the names (an older job) falls back to the kind of job', () => {
    assert.equal(jobTitle(JobName.WebAppReload, { webappId: 1 }), 'Reload web app');
    assert.equal(jobTitle(JobName.EnvironmentInstall, null), 'Install packages');
    assert.equal(jobTitle('some.future.job', {}), 'some.future.job');
  });
});
