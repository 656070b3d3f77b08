import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client as PgClient } from 'pg';
import { logInInBrowser, pageApi, signUpInBrowser, usePlatformAndBrowser } from './browser';

const APPS_PORT = Number(process.env.PANEL_APPS_PORT ?? 8080);

function site(domain: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: APPS_PORT, path: '/', headers: { host: domain }, timeout: 30_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls the site until `ok` says what it answers is right (the worker's jobs and Caddy take a few seconds). */
async function siteBecomes(domain: string, ok: (answer: { status: number; body: string }) => boolean, what: string) {
  let last = { status: 0, body: '' };
  for (let waited = 0; waited < 120_000; waited += 500) {
    last = await site(domain);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${domain} never ${what}: last answer ${last.status} ${last.body.slice(0, 200)}`);
}

describe('An operator manages accounts on the Admin page, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('disable stops the site with the disabled page and ends consoles and sessions; enable serves it again; reset and create give one-time passwords', async () => {
    const url = running.platform.url;
    const suffix = randomBytes(4).toString('hex');

    // The owner of a site and a console.
    const ownerContext = await running.browser.newContext();
    const ownerPage = await ownerContext.newPage();
    const owner = `e2eowner${suffix}`;
    await signUpInBrowser(ownerPage, url, owner, 'owner password');
    const ownerApi = await pageApi(ownerContext.request, url);
    const created = await ownerApi('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const domain: string = created.body.webapp.domain;
    await siteBecomes(domain, (a) => a.status === 200 && /Hello from Flask/.test(a.body), 'served the quickstart');
    const consoleCreated = await ownerApi('POST', '/api/consoles', { kind: 'bash' });
    assert.equal(consoleCreated.status, 201, JSON.stringify(consoleCreated.body));

    // The operator.
    const adminContext = await running.browser.newContext({ viewport: { width: 1366, height: 850 } });
    const page = await adminContext.newPage();
    const operator = `e2eop${suffix}`;
    await signUpInBrowser(page, url, operator, 'operator password');
    const connection = await createConnection(process.env.PANEL_DATABASE_URL!);
    await connection.query('UPDATE accounts SET role = ? WHERE username = ?', ['admin', operator]);
    await connection.end();
    const adminApi = await pageApi(adminContext.request, url);

    await page.goto(`${url}/admin`);
    await page.getByLabel('Search accounts').fill(owner);
    const accounts = page.getByRole('table', { name: 'Accounts' });
    const row = accounts.locator('tr', { hasText: owner });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Enabled/);

    // Disable.
    await row.getByRole('button', { name: `Disable ${owner}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    assert.equal((await ownerApi('GET', '/api/account')).status, 401, "the owner's session ended");
    const disabledPage = await siteBecomes(domain, (a) => a.status === 503, 'answered with the disabled page');
    assert.match(disabledPage.body, /This web app is disabled/);
    const listed = await adminApi('GET', `/api/admin/accounts?search=${owner}`);
    assert.equal(listed.body.accounts[0].consoles, 0, 'its console ended');
    assert.equal(listed.body.accounts[0].webapps, 1, 'its web app is kept');
    const loginPage = await ownerContext.newPage();
    await loginPage.goto(`${url}/login`);
    await loginPage.getByLabel('Username').fill(owner);
    await loginPage.getByLabel('Password').fill('owner password');
    await loginPage.getByRole('button', { name: /log in/i }).click();
    await loginPage.getByText('This account is disabled').waitFor();

    // Enable: the same site is served again.
    await row.getByRole('button', { name: `Enable ${owner}` }).click();
    await row.getByText('Enabled').waitFor();
    await siteBecomes(domain, (a) => a.status === 200 && /Hello from Flask/.test(a.body), 'was served again');

    // Reset the password: shown once, and it opens the account.
    await row.getByRole('button', { name: `Reset the password of ${owner}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const resetPassword = ((await page.getByTestId('one-time-password').textContent()) ?? '').trim();
    assert.match(resetPassword, /^[A-Za-z0-9_-]{16}$/);
    await page.getByRole('button', { name: 'Done' }).click();
    const fresh = await running.browser.newContext();
    await logInInBrowser(await fresh.newPage(), url, owner, resetPassword);
    await fresh.close();

    // Create an account: its one-time password signs in.
    const made = `e2emade${suffix}`;
    await page.getByLabel('New username').fill(made);
    await page.getByRole('button', { name: 'Create account' }).click();
    const madePassword = ((await page.getByTestId('one-time-password').textContent()) ?? '').trim();
    const madeContext = await running.browser.newContext();
    await logInInBrowser(await madeContext.newPage(), url, made, madePassword);
    await madeContext.close();

    // The audit log names each action.
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.getByRole('row').filter({ hasText: made }).filter({ hasText: 'Created' }).waitFor();
    for (const action of ['Disabled', 'Enabled', 'Reset the password of']) {
      await audit.getByRole('row').filter({ hasText: owner }).filter({ hasText: action }).first().waitFor();
    }

    await ownerContext.close();
    await adminContext.close();
  });

  test('delete, confirmed by typing the username on a phone, leaves no container, database, database user, route or directory of the account', async () => {
    const url = running.platform.url;
    const suffix = randomBytes(4).toString('hex');
    const ownerContext = await running.browser.newContext();
    const owner = `e2egone${suffix}`;
    await signUpInBrowser(await ownerContext.newPage(), url, owner, 'owner password');
    const ownerApi = await pageApi(ownerContext.request, url);
    const created = await ownerApi('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const domain: string = created.body.webapp.domain;
    await siteBecomes(domain, (a) => a.status === 200 && /Hello from Flask/.test(a.body), 'served the quickstart');
    assert.equal((await ownerApi('POST', '/api/consoles', { kind: 'bash' })).status, 201);
    for (const engine of ['mysql', 'postgres']) {
      const init = await ownerApi('POST', `/api/databases/${engine}/initialize`, { password: 'db-Passw0rd-1', confirmPassword: 'db-Passw0rd-1' });
      assert.equal(init.status, 201, JSON.stringify(init.body));
      assert.equal((await ownerApi('POST', `/api/databases/${engine}`, { name: 'shop' })).status, 201);
    }
    const ownerId: number = (await ownerApi('GET', '/api/account')).body.id;
    const containers = () => execFileSync('docker', ['ps', '-aq', '--filter', `label=panel.username=${owner}`, '--filter', `label=panel.account-id=${ownerId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(containers().length >= 1, 'the account has containers before');

    const adminContext = await running.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await adminContext.newPage();
    const operator = `e2edel${suffix}`;
    await signUpInBrowser(page, url, operator, 'operator password');
    const mysql = await createConnection(process.env.PANEL_DATABASE_URL!);
    await mysql.query('UPDATE accounts SET role = ? WHERE username = ?', ['admin', operator]);
    const adminApi = await pageApi(adminContext.request, url);

    await page.goto(`${url}/admin`);
    await page.getByLabel('Search accounts').fill(owner);
    const row = page.getByRole('table', { name: 'Accounts' }).locator('tr', { hasText: owner });
    await row.getByRole('button', { name: `Delete ${owner}` }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete account' });
    assert.equal(await confirm.isDisabled(), true, 'nothing is deleted before the name is typed');
    await dialog.getByLabel(/to confirm/).fill(owner);
    await confirm.click();
    await page.getByRole('status').filter({ hasText: `Delete the account ${owner}` }).waitFor();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'the page fits the phone');

    // The home node's job removes the rest, then the account leaves the list.
    for (let waited = 0; ; waited += 1000) {
      if ((await adminApi('GET', `/api/admin/accounts?search=${owner}`)).body.total === 0) break;
      if (waited > 120_000) throw new Error(`${owner} was still listed after 120 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.deepEqual(containers(), [], 'no container of the account is left');
    const dataDir = process.env.PANEL_DATA_DIR!;
    for (const dir of [join(dataDir, 'home', owner), join(dataDir, 'www', owner), join(dataDir, 'log', owner)]) assert.equal(existsSync(dir), false, `${dir} is removed`);
    const [users] = await mysql.query('SELECT User FROM mysql.user WHERE User = ?', [owner]);
    assert.deepEqual(users, [], 'no MySQL user');
    const [schemas] = await mysql.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${owner}$%`]);
    assert.deepEqual(schemas, [], 'no MySQL database');
    await mysql.end();
    // The platform's own PostgreSQL admin URL, as panel-api reads it (the setting and its default live in libs/config).
    const postgresUrl = execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'libs/config/dist/cli/print-setting.js'), 'PANEL_POSTGRES_URL'], { encoding: 'utf8' }).trim();
    const pg = new PgClient({ connectionString: postgresUrl });
    await pg.connect();
    assert.equal((await pg.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [owner])).rowCount, 0, 'no PostgreSQL role');
    assert.equal((await pg.query('SELECT 1 FROM pg_database WHERE datname LIKE $1', [`${owner}$%`])).rowCount, 0, 'no PostgreSQL database');
    await pg.end();
    const caddy = await (await fetch(`${process.env.PANEL_CADDY_ADMIN_URL}/config/`)).text();
    assert.ok(!caddy.includes(domain), 'no Caddy route for its site');
    assert.notEqual((await site(domain)).status, 200);
    const login = await (await running.browser.newContext()).request.post(`${url}/api/auth/login`, { data: { username: owner, password: 'owner password' } });
    assert.equal(login.status(), 401);
    const audit = await adminApi('GET', '/api/admin/audit?pageSize=100');
    assert.ok(audit.body.entries.some((e: { action: string; targetUsername: string }) => e.action === 'account.delete' && e.targetUsername === owner));

    await ownerContext.close();
    await adminContext.close();
  });
});
