import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

/** The terminal's visible screen, one line per row (xterm.js's DOM renderer draws each row as an element). */
async function screenText(page: Page): Promise<string> {
  return page.locator('[data-testid="console-terminal"] .xterm-rows').innerText();
}

async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await screenText(page).catch(() => '');
    if (pattern.test(text)) return text;
    await page.waitForTimeout(150);
  }
  throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
}

async function typeLine(page: Page, line: string) {
  await page.locator('[data-testid="console-terminal"]').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

describe('consoles, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('open a bash console, mkvirtualenv and pip install flask, reload the page, the output is still there, deactivate', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const username = `e2e${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, running.platform.url, username, 'a good password');
    await page.getByRole('link', { name: 'Consoles', exact: true }).click();
    await page.getByRole('button', { name: 'Bash', exact: true }).click();
    await page.waitForURL(/\/consoles\/\d+$/);
    const consoleUrl = page.url();

    await waitForScreen(page, /\d\d:\d\d ~ \$/);
    await typeLine(page, 'mkvirtualenv myenv');
    await waitForScreen(page, /\(myenv\) \d\d:\d\d ~ \$/, 90_000);
    await typeLine(page, 'pip install flask');
    const installed = await waitForScreen(page, /Successfully installed[\s\S]*flask[\s\S]*\(myenv\) \d\d:\d\d ~ \$\s*$/i, 120_000);
    assert.match(installed, /Successfully installed/);

    await page.reload();
    await page.waitForURL(consoleUrl);
    // The same console, as it was: the screen is redrawn from tmux, the virtualenv still active in its shell.
    const after = await waitForScreen(page, /Successfully installed[\s\S]*\(myenv\) \d\d:\d\d ~ \$/i);
    assert.match(after, /pip install flask/);

    await typeLine(page, 'deactivate');
    await waitForScreen(page, /\(myenv\) \d\d:\d\d ~ \$ deactivate\s+\d\d:\d\d ~ \$\s*$/);

    // Paste reaches the shell as typed; the terminal follows the window's size.
    await typeLine(page, 'clear');
    await page.locator('[data-testid="console-terminal"]').click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'echo "pasted-$((2*21))"');
      document.querySelector('.xterm-helper-textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^pasted-42$/m);
    await typeLine(page, 'echo "size=$(stty size)"');
    const big = /size=(\d+) (\d+)/.exec(await waitForScreen(page, /size=\d+ \d+/))!;
    await page.setViewportSize({ width: 900, height: 600 });
    await page.waitForTimeout(500);
    await typeLine(page, 'echo "resized=$(stty size)"');
    const small = /^resized=(\d+) (\d+)$/m.exec(await waitForScreen(page, /^resized=\d+ \d+$/m))!;
    assert.ok(Number(small[1]) < Number(big[1]) && Number(small[2]) < Number(big[2]), `rows and columns shrank: ${big[0]} -> ${small[0]}`);

    // The console is listed, with a name that can be changed, and can be killed.
    await page.getByRole('link', { name: 'Consoles', exact: true }).first().click();
    const row = page.getByRole('table', { name: 'Your consoles' }).getByRole('row').filter({ hasText: 'Bash console' });
    await row.getByRole('button', { name: 'Rename Bash console' }).click();
    await page.getByLabel('Console name').fill('flask work');
    await page.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByRole('table', { name: 'Your consoles' }).getByRole('row').filter({ hasText: 'flask work' });
    await renamed.waitFor();
    assert.match((await renamed.textContent()) ?? '', /Running/);
    await renamed.getByRole('button', { name: 'Kill' }).click();
    await page.getByRole('button', { name: 'Kill console' }).click();
    await page.getByText('You have no consoles. Start one above.').waitFor();
    await page.close();
  });
});
