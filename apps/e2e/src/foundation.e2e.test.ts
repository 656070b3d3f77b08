import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

describe('foundation, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('sign up, log out, log in, create an API token, run the system check and see its output', async () => {
    const page = await running.browser.newPage();
    const username = `e2e${randomBytes(4).toString('hex')}`;
    const password = 'a good password';
    await signUpInBrowser(page, running.platform.url, username, password);
    for (const tab of ['Dashboard', 'Consoles', 'Files', 'Web', 'Databases']) {
      await page.getByRole('link', { name: tab, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    }

    await page.getByRole('button', { name: /log out/i }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('the wrong one');
    await page.getByRole('button', { name: /log in/i }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${running.platform.url}/`);

    await page.getByRole('link', { name: username }).click();
    await page.getByLabel('Name').fill('e2e token');
    await page.getByRole('button', { name: /create/i }).click();
    const tokenText = await page.getByText(/pnl_[A-Za-z0-9_-]{20,}/).first().textContent();
    const token = /pnl_[A-Za-z0-9_-]+/.exec(tokenText ?? '')?.[0];
    assert.ok(token, 'the new token is shown once');
    const me = await fetch(`${running.platform.url}/api/account`, { headers: { authorization: `Token ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { username: string }).username, username);

    // The system check lives on the Account page (the Dashboard is the overview).
    await page.getByRole('button', { name: /run system check/i }).click();
    const output = page.getByTestId('job-output');
    await output.filter({ hasText: 'system check passed' }).waitFor({ timeout: 60_000 });
    const text = (await output.textContent()) ?? '';
    assert.match(text, /Python 3\.11\.\d+/);
    assert.match(text, /pip \d+/);
    assert.match(text, new RegExp(`home: /home/${username} \\(${username}:${username} `), 'the home, owned by the account by name');
    await page.close();
  });
});
