import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

describe('Tasks tab, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('schedule a task, press "Run now", see its output and status; the tab fits a 360 px phone; an always-on task runs', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const username = `e2etask${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, running.platform.url, username, 'a good password');
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByText('You have no scheduled tasks. Add one above.').waitFor();

    await page.getByLabel('Command', { exact: true }).fill('echo "hello from $(id -un) in $(pwd)"; echo second line');
    await page.getByLabel('Frequency').selectOption('hourly');
    await page.getByLabel('Minute').fill('15');
    await page.getByLabel('Description', { exact: true }).fill('an hourly greeting');
    await page.getByRole('button', { name: 'Create task' }).click();

    const tasks = page.getByRole('table', { name: 'Scheduled tasks' });
    const row = tasks.locator('tr', { hasText: 'an hourly greeting' });
    await row.getByText('Hourly at :15').waitFor();
    await row.getByRole('button', { name: 'Run now' }).click();

    const output = page.getByTestId('task-run-output');
    await output.getByText(`hello from ${username} in /home/${username}`, { exact: false }).waitFor({ timeout: 60_000 }).catch(async (error) => {
      await page.screenshot({ path: '/tmp/tasks-e2e-failure.png' }).catch(() => undefined);
      throw new Error(`${(error as Error).message}; alerts: ${(await page.getByRole('alert').allTextContents()).join(' | ')}`);
    });
    await output.getByText('second line', { exact: false }).waitFor();
    const runs = page.getByRole('table', { name: /Runs of task \d+/ });
    await runs.getByText('Succeeded').waitFor({ timeout: 30_000 });
    assert.match((await runs.locator('tbody tr').first().textContent()) ?? '', /Run now/);
    await row.getByText('Succeeded').waitFor({ timeout: 30_000 });

    // The same page on a phone: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(300);
    const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(widths.scrollWidth <= widths.innerWidth, `the Tasks page is ${widths.scrollWidth} px wide at 360 px`);

    // Disable it: it has no next run; the page says so.
    await page.setViewportSize({ width: 1280, height: 900 });
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();

    // An always-on task: it shows Running, and its log what it printed.
    await page.getByLabel('Always-on command').fill('echo "bot up as $(id -un)"; exec sleep 100000');
    await page.getByRole('button', { name: 'Create always-on task' }).click();
    const alwaysOn = page.getByRole('table', { name: 'Always-on tasks' });
    await alwaysOn.getByText('Running').waitFor({ timeout: 60_000 });
    await alwaysOn.getByRole('button', { name: 'Log' }).click();
    await page.getByTestId('always-on-log').getByText(`bot up as ${username}`, { exact: false }).waitFor({ timeout: 30_000 });
    await alwaysOn.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete always-on task' }).click();
    await page.getByText('You have no always-on tasks.').waitFor();
    await context.close();
  });
});
