import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

describe('environments, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('create an environment, watch the progress bar finish, and see its pip freeze', async () => {
    const page = await running.browser.newPage();
    await signUpInBrowser(page, running.platform.url, `env${randomBytes(4).toString('hex')}`, 'a good password');
    await page.getByRole('link', { name: 'Environments', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('flask-tutorial');
    await page.getByLabel('Python version').selectOption('3.11');
    await page.getByLabel('Requirements', { exact: true }).fill('flask\nflask-sqlalchemy\npymysql\n');
    await page.getByRole('button', { name: 'Create environment' }).click();

    const progress = page.getByRole('progressbar');
    await progress.waitFor({ timeout: 60_000 });
    await page.getByTestId('job-output').filter({ hasText: 'environment ready' }).waitFor({ timeout: 120_000 });
    // The bar's last update travels apart from the output: give it a moment to arrive.
    let done: string | null = null;
    let total: string | null = null;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      [done, total] = [await progress.getAttribute('aria-valuenow'), await progress.getAttribute('aria-valuemax')];
      if (done === total) break;
    }
    assert.ok(Number(total) >= 8, `the bar counts the packages (${total})`);
    assert.equal(done, total, 'the progress bar finished');

    const row = page.locator('tr[data-environment="flask-tutorial"]');
    await row.filter({ hasText: '3.11' }).waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: 'flask-tutorial' }).click();
    const freeze = page.getByTestId('pip-freeze');
    await freeze.filter({ hasText: 'Flask==' }).waitFor({ timeout: 30_000 });
    const text = (await freeze.textContent()) ?? '';
    assert.match(text, /^Flask==\d/m);
    assert.match(text, /^Flask-SQLAlchemy==\d/m);
    assert.match(text, /^PyMySQL==\d/m);
    assert.match(await page.content(), /workon flask-tutorial/);
    await page.close();
  });
});
