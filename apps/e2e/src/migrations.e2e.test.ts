import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchClient } from './bench/api-client';
import { logInInBrowser, usePlatformAndBrowser } from './browser';

describe('database migrations, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('see a pending migration, press Upgrade, see it applied and the history updated', async () => {
    const client = new BenchClient(running.platform.url);
    await client.signup('mig');
    const domain = await client.createCommentBoard();
    const down = await client.call('POST', `/api/webapps/${domain}/migrations`, { action: 'downgrade', confirm: true });
    assert.equal(down.status, 201, JSON.stringify(down.body));
    assert.equal((await client.waitForJob(down.body.id)).status, 'succeeded');

    const page = await running.browser.newPage();
    await logInInBrowser(page, running.platform.url, client.username, 'benchmark password');
    await page.goto(`${running.platform.url}/web/${domain}`);

    const section = page.getByRole('region', { name: 'Database migrations', exact: true });
    const last = section.locator('tr[data-revision="9e2b6d4f1a03"]');
    await last.and(page.locator('.migration-pending')).waitFor({ timeout: 30_000 });
    assert.match((await section.getByTestId('migrations-pending').textContent()) ?? '', /1/);

    await section.getByRole('button', { name: 'Upgrade to head' }).click();
    await page.locator('tr[data-revision="9e2b6d4f1a03"]:not(.migration-pending)').waitFor({ timeout: 60_000 });
    assert.match((await section.getByTestId('migrations-current').textContent()) ?? '', /9e2b6d4f1a03/);
    const history = section.locator('table', { has: page.locator('caption', { hasText: 'Migration history' }) });
    const newest = history.locator('tbody tr').first();
    await newest.filter({ hasText: /Upgrade/ }).waitFor({ timeout: 30_000 });
    assert.match((await newest.textContent()) ?? '', /succeeded/i);
    await page.close();
  });

  test('downgrade in a bash console, press Refresh, and the Web tab says the database is one revision behind', async () => {
    const client = new BenchClient(running.platform.url);
    await client.signup('migcon');
    const domain = await client.createCommentBoard();

    // The console, as a user drives it through the PythonAnywhere API (the terminal itself is covered by consoles.e2e).
    const base = `/api/v0/user/${client.username}/consoles`;
    const console = await client.call<{ id: number }>('POST', `${base}/`, { executable: 'bash', arguments: '' });
    assert.equal(console.status, 201, JSON.stringify(console.body));
    const latest = async (pattern: RegExp, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let output = '';
      while (Date.now() < deadline) {
        output = (await client.call<{ output: string }>('GET', `${base}/${console.body.id}/get_latest_output/`)).body.output ?? '';
        if (pattern.test(output)) return output;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the console never showed ${pattern}; it shows:\n${output}`);
    };
    await latest(/\d\d:\d\d ~ \$/);
    const input = 'cd ~/mysite && ~/.virtualenvs/mysite-env/bin/flask --app flask_app db downgrade; echo "console-done-$((40+2))"\n';
    assert.equal((await client.call('POST', `${base}/${console.body.id}/send_input/`, { input })).status, 200);
    assert.match(await latest(/^console-done-42$/m), /Running downgrade 9e2b6d4f1a03 -> 7c4e8a1d2f02/);

    const page = await running.browser.newPage();
    await logInInBrowser(page, running.platform.url, client.username, 'benchmark password');
    await page.goto(`${running.platform.url}/web/${domain}`);

    const section = page.getByRole('region', { name: 'Database migrations', exact: true });
    // Until Refresh, the status is the quickstart's read of the database (and says when it was read).
    await section.getByTestId('migrations-read-how').waitFor({ timeout: 30_000 });
    assert.match((await section.getByTestId('migrations-current').textContent()) ?? '', /9e2b6d4f1a03/);
    await section.getByRole('button', { name: 'Refresh', exact: true }).click();
    await section.locator('tr[data-revision="9e2b6d4f1a03"].migration-pending').waitFor({ timeout: 60_000 });
    assert.equal(((await section.getByTestId('migrations-current').textContent()) ?? '').trim(), '7c4e8a1d2f02');
    assert.match((await section.getByTestId('migrations-pending').textContent()) ?? '', /1 pending migration: 9e2b6d4f1a03/);
    await page.close();
    await client.call('DELETE', `${base}/${console.body.id}/`);
  });
});
