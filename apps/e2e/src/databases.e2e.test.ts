import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

describe('Databases tab, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('initialize MySQL, create $comments and $dummyempty, open a MySQL console from the tab and run show tables;', async () => {
    const page = await running.browser.newPage({ acceptDownloads: true });
    const username = `e2edb${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, running.platform.url, username, 'a good password');
    await page.getByRole('link', { name: 'Databases', exact: true }).click();

    await page.getByRole('heading', { name: 'Initialize MySQL' }).waitFor();
    await page.getByLabel('New MySQL password', { exact: true }).fill('my-db-Passw0rd');
    await page.getByLabel('New MySQL password (again)').fill('my-db-Passw0rd');
    await page.getByRole('button', { name: 'Initialize MySQL' }).click();

    const connection = page.getByLabel('MySQL connection');
    await connection.waitFor();
    const details = (await connection.textContent()) ?? '';
    assert.match(details, /mysql\.panel\.internal/);
    assert.match(details, /3306/);
    assert.match(details, new RegExp(username));

    const table = page.getByRole('table', { name: 'MySQL databases' });
    await table.getByRole('button', { name: `${username}$default`, exact: true }).waitFor();
    for (const name of ['comments', 'dummyempty']) {
      await page.getByLabel('Database name').fill(name);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await table.getByRole('button', { name: `${username}$${name}`, exact: true }).waitFor();
    }
    const emptyRow = table.locator('tr', { has: page.getByRole('button', { name: `${username}$dummyempty`, exact: true }) });
    assert.match((await emptyRow.textContent()) ?? '', /0 B/);

    // A bad name is refused before anything is sent, saying what is wrong with it.
    await page.getByLabel('Database name').fill("it's");
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText(`"'" is not allowed in a database name`, { exact: false }).first().waitFor();

    // Clicking the name opens a MySQL console on it (the password comes from ~/.my.cnf).
    await table.getByRole('button', { name: `${username}$comments`, exact: true }).click();
    await page.waitForURL(/\/consoles\/\d+$/, { timeout: 60_000 }).catch(async (error) => {
      await page.screenshot({ path: '/tmp/databases-e2e-failure.png' }).catch(() => undefined);
      throw new Error(`${(error as Error).message}; alerts: ${(await page.getByRole('alert').allTextContents()).join(' | ')}`);
    });
    await page.getByText(`[${username}$comments]>`, { exact: false }).first().waitFor({ timeout: 60_000 });
    await page.locator('.xterm').click();
    await page.keyboard.type('create table notes (id int);\n');
    await page.keyboard.type('show tables;\n');
    await page.getByText(`Tables_in_${username}$comments`, { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByText('| notes', { exact: false }).waitFor({ timeout: 30_000 });

    // Back on the tab: a dump of the database, streamed as a download.
    await page.goto(`${running.platform.url}/databases`);
    const row = table.locator('tr', { has: page.getByRole('button', { name: `${username}$comments`, exact: true }) });
    await row.getByRole('button', { name: 'Dump or restore' }).click();
    await page.getByRole('button', { name: 'Download a dump' }).click();
    await page.getByTestId('job-output').filter({ hasText: 'dump written to' }).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('status').getByRole('link', { name: /^Download / }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^${username}\\$comments-\\d{8}-\\d{6}\\.sql$`));
    const dump = await readFile((await download.path())!, 'utf8');
    assert.match(dump, /CREATE TABLE `notes`/);

    // Deleting asks for the whole name.
    await emptyRow.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Type/).fill(`${username}$dummyempty`);
    await dialog.getByRole('button', { name: 'Delete database' }).click();
    await table.getByRole('button', { name: `${username}$dummyempty`, exact: true }).waitFor({ state: 'detached' });

    // PostgreSQL: the same, on its own tab.
    await page.getByRole('tab', { name: 'PostgreSQL' }).click();
    await page.getByLabel('New PostgreSQL password', { exact: true }).fill('my-pg-Passw0rd');
    await page.getByLabel('New PostgreSQL password (again)').fill('my-pg-Passw0rd');
    await page.getByRole('button', { name: 'Initialize PostgreSQL' }).click();
    await page.getByLabel('PostgreSQL connection').waitFor();
    await page.getByLabel('Database name').fill('learn_flask_migrate');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('table', { name: 'PostgreSQL databases' }).getByRole('button', { name: `${username}$learn_flask_migrate`, exact: true }).waitFor();
    await page.close();
  });
});
