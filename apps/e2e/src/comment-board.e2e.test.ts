import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

describe('the comment board, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('create the comment-board app in the Web tab, open the site, log in, post, and see it with the username', async () => {
    const page = await running.browser.newPage();
    const username = `cb${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, running.platform.url, username, 'a good password');
    const domain = `${username}.apps.localhost`;

    await page.getByRole('link', { name: 'Web', exact: true }).click();
    await page.getByRole('button', { name: 'Add a new web app' }).click();
    await page.getByRole('radio', { name: /Comment board/ }).check();
    await page.getByLabel('Python version').selectOption('3.11');
    await page.getByLabel('Site user name').fill('caroline');
    await page.getByLabel('Site user password').fill('completely-secret');
    await page.getByRole('button', { name: 'Create web app' }).click();
    await page.getByTestId('job-output').filter({ hasText: 'now serves the new version' }).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: `Reload ${domain}` }).waitFor();

    // The site is served by Caddy: *.localhost resolves to 127.0.0.1 in Chromium.
    const site = await running.browser.newPage();
    const siteUrl = `http://${domain}:${process.env.PANEL_APPS_PORT ?? 8080}/`;
    await site.goto(siteUrl);
    await site.getByRole('link', { name: 'Log in' }).click();
    await site.getByLabel('Username').fill('caroline');
    await site.getByLabel('Password').fill('completely-secret');
    await site.getByRole('button', { name: 'Log in' }).click();
    await site.getByLabel('Comment').fill('Hello from the end-to-end test');
    await site.getByRole('button', { name: 'Post comment' }).click();
    const comment = site.locator('.comment').filter({ hasText: 'Hello from the end-to-end test' });
    await comment.waitFor();
    const small = (await comment.locator('small').textContent()) ?? '';
    assert.match(small, /^Posted \w+day, \d{2} \w+ \d{4} at \d{2}:\d{2} by caroline$/);
    await site.close();
    await page.close();
  });
});
