import { JobName, type JobView } from '@panel/contracts';
import { describe, expect, it } from 'vitest';
import { codeSettingsPatch, defaultDomain, defaultSourceDirectory, describeWebAppJob, parseWorkers } from './webappText';

const job = (over: Partial<JobView>): JobView => ({
  id: 'j1',
  name: JobName.WebAppReload,
  status: 'running',
  accountId: 1,
  resourceKey: 'webapp:1',
  nodeId: 'n',
  progress: null,
  error: null,
  title: 'Reload alice.apps.localhost',
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...over,
});

describe('web app defaults', () => {
  it('gives the account its subdomain and ~/mysite', () => {
    expect(defaultDomain('alice', 'apps.localhost')).toBe('alice.apps.localhost');
    expect(defaultSourceDirectory('alice')).toBe('/home/alice/mysite');
  });
});

describe('describeWebAppJob', () => {
  it('says what a running job does', () => {
    expect(describeWebAppJob(job({ status: 'queued' }), 'a.test')).toEqual({ tone: 'progress', text: 'Reloading a.test…' });
    expect(describeWebAppJob(job({ name: JobName.WebAppQuickstart }), 'a.test').text).toBe('Setting up a.test…');
  });

  it('says how it ended, with the job error on failure', () => {
    expect(describeWebAppJob(job({ status: 'succeeded' }), 'a.test')).toEqual({ tone: 'success', text: 'a.test was reloaded.' });
    const failed = describeWebAppJob(job({ status: 'failed', error: 'Reload failed: boom. The previous version keeps serving.' }), 'a.test');
    expect(failed).toEqual({ tone: 'error', text: 'Reload failed: boom. The previous version keeps serving.' });
    expect(describeWebAppJob(job({ status: 'failed' }), 'a.test').text).toMatch(/failed/);
    expect(describeWebAppJob(job({ name: JobName.WebAppStop, status: 'succeeded' }), 'a.test').text).toBe('a.test is stopped.');
  });
});

describe('codeSettingsPatch', () => {
  const app = { sourceDirectory: '/home/alice/mysite', workingDirectory: '/home/alice', pythonVersion: '3.11' };

  it('is empty when nothing changed', () => {
    expect(codeSettingsPatch(app, { ...app, sourceDirectory: ' /home/alice/mysite ' })).toEqual({});
  });

  it('holds only the changed settings', () => {
    expect(codeSettingsPatch(app, { ...app, pythonVersion: '3.13' })).toEqual({ pythonVersion: '3.13' });
    expect(codeSettingsPatch(app, { ...app, workingDirectory: 'mysite' })).toEqual({ workingDirectory: 'mysite' });
  });
});

describe('parseWorkers', () => {
  it('accepts whole numbers from 1 to 8', () => {
    expect(parseWorkers('1')).toBe(1);
    expect(parseWorkers(' 8 ')).toBe(8);
    expect(parseWorkers('0')).toBeNull();
    expect(parseWorkers('9')).toBeNull();
    expect(parseWorkers('2.5')).toBeNull();
    expect(parseWorkers('')).toBeNull();
  });
});
