import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication } from '@nestjs/common';
import { PYTHON_VERSIONS, SYSTEM_IMAGES } from '@panel/contracts';
import { rawRequest } from '../files/test-helpers';
import { startTestApi, TestClient } from '../testing/test-api';
import { specFromPa } from './pythonanywhere-consoles.controller';

describe('PythonAnywhere default Python versions and system image (/api/v0/user/{username}/...)', () => {
  let app: INestApplication;
  let url: string;
  let username: string;
  let token: string;
  let otherUser: string;
  let otherToken: string;

  const newToken = async (client: TestClient) => {
    const created = await client.post('/api/account/tokens', { name: 'pa defaults' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.token as string;
  };

  before(async () => {
    ({ app, url } = await startTestApi());
    const client = new TestClient(url);
    username = (await client.signup()).account.username;
    token = await newToken(client);
    const other = new TestClient(url);
    otherUser = (await other.signup()).account.username;
    otherToken = await newToken(other);
  });
  after(async () => {
    await app?.close();
  });

  /** As Python's requests sends them: JSON (json=...) or form-encoded (data=...), paths with their trailing slash. */
  const call = async (method: string, path: string, body?: { json?: unknown; form?: Record<string, string> }, as = token) => {
    const headers: Record<string, string> = { authorization: `Token ${as}` };
    let raw: Buffer | undefined;
    if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      raw = Buffer.from(JSON.stringify(body.json));
    } else if (body?.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      raw = Buffer.from(new URLSearchParams(body.form).toString());
    }
    const res = await rawRequest(url, method, path, headers, raw);
    return { status: res.status, body: res.body ? JSON.parse(res.body) : null };
  };

  test('GET default_python_version/, default_python3_version/ and default_save_and_run_python_version/ give the default and the versions this platform has', async () => {
    const versions = [...PYTHON_VERSIONS];
    assert.deepEqual((await call('GET', `/api/v0/user/${username}/default_python_version/`)).body, { default_python_version: '3.11', available_python_versions: versions });
    assert.deepEqual((await call('GET', `/api/v0/user/${username}/default_python3_version/`)).body, { default_python3_version: '3.11', available_python3_versions: versions });
    assert.deepEqual((await call('GET', `/api/v0/user/${username}/default_save_and_run_python_version/`)).body, {
      default_save_and_run_python_version: '3.11',
      available_python_versions: versions,
    });
  });

  test('PATCH sets each default, with a JSON or a form body, and GET then gives it (stored per account)', async () => {
    const py = await call('PATCH', `/api/v0/user/${username}/default_python_version/`, { form: { default_python_version: '3.9' } });
    assert.equal(py.status, 200, JSON.stringify(py.body));
    assert.equal(py.body.default_python_version, '3.9');
    const py3 = await call('PATCH', `/api/v0/user/${username}/default_python3_version/`, { json: { default_python3_version: 'python3.13' } });
    assert.equal(py3.status, 200, JSON.stringify(py3.body));
    assert.equal(py3.body.default_python3_version, '3.13');
    const run = await call('PATCH', `/api/v0/user/${username}/default_save_and_run_python_version/`, { json: { default_save_and_run_python_version: '3.9' } });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal((await call('GET', `/api/v0/user/${username}/default_python_version/`)).body.default_python_version, '3.9');
    assert.equal((await call('GET', `/api/v0/user/${username}/default_python3_version/`)).body.default_python3_version, '3.13');
    assert.equal((await call('GET', `/api/v0/user/${username}/default_save_and_run_python_version/`)).body.default_save_and_run_python_version, '3.9');
    // Another account's defaults are its own.
    assert.equal((await call('GET', `/api/v0/user/${otherUser}/default_python3_version/`, undefined, otherToken)).body.default_python3_version, '3.11');
  });

  test('a Python this platform does not have, or no value, is a 400 naming the versions and changes nothing', async () => {
    await call('PATCH', `/api/v0/user/${username}/default_python3_version/`, { json: { default_python3_version: '3.13' } });
    for (const body of [{ json: { default_python3_version: '2.7' } }, { json: { default_python3_version: 'python3.10' } }, { json: {} }, { form: { default_python3_version: '' } }]) {
      const res = await call('PATCH', `/api/v0/user/${username}/default_python3_version/`, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.message, /3\.9, 3\.11, 3\.13/);
    }
    assert.equal((await call('GET', `/api/v0/user/${username}/default_python3_version/`)).body.default_python3_version, '3.13');
  });

  test('GET system_image/ gives the platform\'s image; PATCH takes it, and refuses any other with a 400', async () => {
    assert.deepEqual((await call('GET', `/api/v0/user/${username}/system_image/`)).body, { system_image: SYSTEM_IMAGES[0], available_system_images: [...SYSTEM_IMAGES] });
    const set = await call('PATCH', `/api/v0/user/${username}/system_image/`, { form: { system_image: SYSTEM_IMAGES[0] } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.system_image, SYSTEM_IMAGES[0]);
    const bad = await call('PATCH', `/api/v0/user/${username}/system_image/`, { json: { system_image: 'glastonbury' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /no system image "glastonbury"/);
  });

  test("another account's defaults answer 404 Not found. and PATCH there changes nothing", async () => {
    for (const path of ['default_python_version', 'default_python3_version', 'default_save_and_run_python_version', 'system_image']) {
      const read = await call('GET', `/api/v0/user/${otherUser}/${path}/`);
      assert.equal(read.status, 404);
      assert.equal(read.body.message, 'Not found.');
      assert.equal(read.body.detail, 'Not found.', "PythonAnywhere's clients read detail");
      const write = await call('PATCH', `/api/v0/user/${otherUser}/${path}/`, { json: { [path]: '3.9' } });
      assert.equal(write.status, 404);
    }
    assert.equal((await call('GET', `/api/v0/user/${otherUser}/default_python_version/`, undefined, otherToken)).body.default_python_version, '3.11');
  });
});

describe('PythonAnywhere consoles follow the account\'s defaults', () => {
  const defaults = { defaultPythonVersion: '3.9', defaultPython3Version: '3.13', defaultSaveAndRunPythonVersion: null };
  const body = (executable: string, args = '') => ({ executable, arguments: args, working_directory: null }) as Parameters<typeof specFromPa>[0];

  test('python starts default_python_version, python3 default_python3_version, and bash runs in default_python3_version\'s image', () => {
    assert.deepEqual([specFromPa(body('python'), defaults).kind, specFromPa(body('python'), defaults).pythonVersion], ['python', '3.9']);
    assert.deepEqual([specFromPa(body('python3'), defaults).kind, specFromPa(body('python3'), defaults).pythonVersion], ['python', '3.13']);
    assert.equal(specFromPa(body('bash'), defaults).pythonVersion, '3.13');
    const script = specFromPa(body('python3', 'job.py'), defaults);
    assert.equal(script.pythonVersion, '3.13');
    assert.equal(script.command, 'python3.13 job.py');
    assert.equal(specFromPa(body('python3.9'), defaults).pythonVersion, '3.9');
  });

  test('without stored defaults python and python3 are the platform default', () => {
    const none = { defaultPythonVersion: null, defaultPython3Version: null, defaultSaveAndRunPythonVersion: null };
    assert.equal(specFromPa(body('python'), none).pythonVersion, '3.11');
    assert.equal(specFromPa(body('python3'), none).pythonVersion, '3.11');
  });
});
