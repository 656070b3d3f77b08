import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { Page } from 'playwright-core';
import { pageApi, signUpInBrowser, usePlatformAndBrowser } from './browser';

const PASSWORD = 'a good password';
const LONG_NAME = 'a_very_long_file_name_that_a_student_might_write_for_their_flask_tutorial_notes_v2_final.py';

/** The document's width against the viewport, and the widest element sticking out (tag, class, text), if any. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; widest: string }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    let widest: Element | null = null;
    let widestRight = innerWidth;
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      // Skip what an ancestor scrolls or clips: it does not widen the document.
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX !== 'visible') {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      if (rect.right > widestRight + 0.5) {
        widestRight = rect.right;
        widest = element;
      }
    }
    // Nothing outside a scrolling box: the widest element anywhere (an absolutely placed one escapes its box).
    if (!widest) {
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const rect = element.getBoundingClientRect();
        if (rect.right > widestRight + 0.5) {
          widestRight = rect.right;
          widest = element;
        }
      }
    }
    const describe = (element: Element | null) => {
      if (!element) return 'none found';
      const cls = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
      return `<${element.tagName.toLowerCase()}${cls}> right edge ${Math.round(widestRight)} px "${text}"`;
    };
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, widest: describe(widest) };
  });
}

describe('Every dashboard page fits a phone, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('at 390×844 and 360×740 no page scrolls sideways, and the Menu button navigates', async () => {
    const url = running.platform.url;
    const context = await running.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const username = `e2ephone${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, url, username, PASSWORD);

    // An admin, so that the Admin page is there too.
    const connection = await createConnection(process.env.PANEL_DATABASE_URL!);
    await connection.query('UPDATE accounts SET role = ? WHERE username = ?', ['admin', username]);
    await connection.end();

    // Content wide enough to matter: a web app, a database, a console, a long file name.
    const call = await pageApi(context.request, url);
    const created = await call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const domain: string = created.body.webapp.domain;
    const init = await call('POST', '/api/databases/mysql/initialize', { password: 'my-db-Passw0rd', confirmPassword: 'my-db-Passw0rd' });
    assert.equal(init.status, 201, JSON.stringify(init.body));
    const database = await call('POST', '/api/databases/mysql', { name: 'a_rather_long_database_name_for_notes' });
    assert.equal(database.status, 201, JSON.stringify(database.body));
    const consoleCreated = await call('POST', '/api/consoles', { kind: 'bash', name: 'a bash console with a long descriptive name' });
    assert.equal(consoleCreated.status, 201, JSON.stringify(consoleCreated.body));
    const consoleId: string = consoleCreated.body.id;
    const longPath = `/home/${username}/${LONG_NAME}`;
    const saved = await call('PUT', `/api/files/content?path=${encodeURIComponent(longPath)}`, 'print("hello")\n');
    assert.ok(saved.status === 201 || saved.status === 200, JSON.stringify(saved.body));
    for (let waited = 0; ; waited += 500) {
      const job = await call('GET', `/api/jobs/${created.body.job.id}`);
      if (['succeeded', 'failed', 'cancelled'].includes(job.body.status)) break;
      if (waited > 120_000) throw new Error(`web app setup is still ${job.body.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const pages: { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] = [
      { name: 'Dashboard', path: '/', ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
      { name: 'Consoles', path: '/consoles', ready: (p) => p.getByText('a bash console with a long descriptive name').first().waitFor() },
      { name: 'a console', path: `/consoles/${consoleId}`, ready: (p) => p.locator('.xterm').first().waitFor() },
      { name: 'Files', path: `/files?path=${encodeURIComponent(`/home/${username}`)}`, ready: (p) => p.getByText(LONG_NAME).first().waitFor() },
      { name: 'a file in the editor', path: `/files?edit=${encodeURIComponent(longPath)}`, ready: (p) => p.locator('.cm-editor').first().waitFor() },
      { name: 'Web', path: '/web', ready: (p) => p.getByText(domain).first().waitFor() },
      { name: "a web app's page", path: `/web/${domain}`, ready: (p) => p.getByText(domain).first().waitFor() },
      { name: 'Databases', path: '/databases', ready: (p) => p.getByText(`${username}$a_rather_long_database_name_for_notes`).first().waitFor() },
      { name: 'Environments', path: '/environments', ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
      { name: 'Account', path: '/account', ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
      { name: 'Admin', path: '/admin', ready: (p) => p.getByText(username).first().waitFor() },
    ];

    const failures: string[] = [];
    const widths: string[] = [];
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 360, height: 740 },
    ]) {
      await page.setViewportSize(viewport);
      for (const entry of pages) {
        await page.goto(`${url}${entry.path}`);
        await entry.ready(page);
        await page.waitForTimeout(300);
        const measured = await overflow(page);
        widths.push(`${viewport.width}: ${entry.name} ${measured.scrollWidth} (innerWidth ${measured.innerWidth})`);
        if (measured.scrollWidth > measured.innerWidth || measured.innerWidth !== viewport.width) {
          failures.push(`at ${viewport.width} px the ${entry.name} page is ${measured.scrollWidth} px wide; widest: ${measured.widest}`);
        }
      }
    }
    console.log(widths.join('\n'));

    // The tabs are behind a Menu button: it opens the list, a link navigates and closes it, Escape closes it. The
    // Dashboard's cards load first: a card that fills in while the menu is clicked moves nothing in the bar, but
    // this way a failure here is the menu's own.
    await page.goto(`${url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    let step = 'opening the menu';
    const menu = page.getByRole('button', { name: 'Menu' });
    const navigation = page.getByRole('navigation', { name: 'Main' });
    try {
      await menu.waitFor({ timeout: 5_000 });
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await menu.click();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      step = 'following the Databases link';
      await navigation.getByRole('link', { name: 'Databases', exact: true }).click();
      await page.waitForURL(`${url}/databases`, { timeout: 10_000 });
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.equal(await navigation.getByRole('link', { name: 'Files', exact: true }).isVisible(), false);
      step = 'opening the menu again and closing it with Escape';
      await menu.click();
      await navigation.getByRole('link', { name: 'Files', exact: true }).waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await navigation.getByRole('link', { name: 'Files', exact: true }).waitFor({ state: 'hidden' });
      const measured = await overflow(page);
      if (measured.scrollWidth > measured.innerWidth) failures.push(`with the menu closed the page is ${measured.scrollWidth} px wide; widest: ${measured.widest}`);
      step = 'following the Web link';
      await menu.click();
      await navigation.getByRole('link', { name: 'Web', exact: true }).click();
      // The Web tab opens the account's one web app at once (/web/<domain>) once the list has loaded.
      await page.waitForURL((target) => target.pathname === '/web' || target.pathname.startsWith('/web/'), { timeout: 10_000 });
    } catch (error) {
      const expanded = await menu.getAttribute('aria-expanded').catch(() => 'unknown');
      failures.push(`the phone menu, ${step}: ${(error as Error).message.split('\n')[0]} (at ${page.url()}, menu expanded: ${expanded})`);
    }

    // At desktop size the tabs are shown as before, without a Menu button.
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.goto(`${url}/`);
    await navigation.getByRole('link', { name: 'Files', exact: true }).waitFor();
    if (await menu.isVisible()) failures.push('the Menu button shows at 1366 px');

    await context.close();
    assert.deepEqual(failures, []);
  });
});
