import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchClient } from './bench/api-client';
import { usePlatformAndBrowser } from './browser';

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
    await page.goto(`${running.platform.url}/login`);
    await page.getByLabel('Username').fill(client.username);
    await page.getByLabel('Password').fill('benchmark password');
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${running.platform.url}/`);
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
});
