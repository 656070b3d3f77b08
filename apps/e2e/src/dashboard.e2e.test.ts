import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { pageApi, signUpInBrowser, usePlatformAndBrowser } from './browser';

const APPS_PORT = Number(process.env.PANEL_APPS_PORT ?? 8080);

/** A request to a hosted app through the node's Caddy, as a browser following the site link would make it. */
function viaCaddy(siteUrl: string): Promise<{ status: number; body: string }> {
  const target = new URL(siteUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(target.port || 80), path: target.pathname, headers: { host: target.host }, timeout: 30_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('The Dashboard is an overview whose links open the right console, file and site, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('at 1366×850 and 390×844: consoles, recent files, the web app with its port, the latest jobs by name', async () => {
    const url = running.platform.url;
    const context = await running.browser.newContext({ viewport: { width: 1366, height: 850 } });
    const page = await context.newPage();
    const username = `e2edash${randomBytes(4).toString('hex')}`;
    await signUpInBrowser(page, url, username, 'a good password');
    const call = await pageApi(context.request, url);

    const created = await call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const domain: string = created.body.webapp.domain;
    const consoleCreated = await call('POST', '/api/consoles', { kind: 'bash', name: 'my first console' });
    assert.equal(consoleCreated.status, 201, JSON.stringify(consoleCreated.body));
    const notes = await call('PUT', `/api/files/content?path=${encodeURIComponent(`/home/${username}/notes_for_flask.md`)}`, '# notes\n');
    assert.equal(notes.status, 201, JSON.stringify(notes.body));
    for (let waited = 0; ; waited += 500) {
      const job = await call('GET', `/api/jobs/${created.body.job.id}`);
      if (job.body.status === 'succeeded') break;
      assert.ok(!['failed', 'cancelled'].includes(job.body.status), `the first reload ${job.body.status}: ${job.body.error}`);
      assert.ok(waited < 120_000, `the first reload is still ${job.body.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    await page.goto(`${url}/`);
    // The web app: its real address with the apps port, which answers through Caddy, and its state.
    const apps = page.getByRole('list', { name: 'Web apps' });
    const site = apps.getByRole('link', { name: /^Open site / });
    await site.waitFor();
    const expectedUrl = `http://${domain}${APPS_PORT === 80 ? '' : `:${APPS_PORT}`}/`;
    assert.equal(await site.getAttribute('href'), expectedUrl);
    const answer = await viaCaddy(expectedUrl);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /Hello from Flask/);
    await apps.getByText('Running').waitFor();

    // The latest jobs name what they acted on; usage counts the console.
    await page.getByRole('table', { name: 'Latest jobs' }).getByRole('button', { name: new RegExp(`^Reload ${domain.replace(/\./g, '\\.')}`) }).first().waitFor();
    await page.getByText(/^1 of \d+$/).waitFor();

    // A recent file opens in the editor.
    await page.getByRole('list', { name: 'Recent files' }).getByRole('link', { name: 'notes_for_flask.md' }).click();
    await page.waitForURL(`${url}/files?edit=${encodeURIComponent(`/home/${username}/notes_for_flask.md`)}`);
    await page.locator('.cm-editor').getByText('# notes').waitFor();

    // A recent console opens in one click.
    await page.goto(`${url}/`);
    await page.getByRole('list', { name: 'Recent consoles' }).getByRole('link', { name: 'my first console' }).click();
    await page.waitForURL(`${url}/consoles/${consoleCreated.body.id}`);
    await page.locator('.xterm').first().waitFor();

    // "Open a Bash console" starts one and opens it.
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Open a Bash console' }).click();
    await page.waitForURL((u) => /\/consoles\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${consoleCreated.body.id}`));
    await page.locator('.xterm').first().waitFor();
    const consoles = await call('GET', '/api/consoles');
    assert.equal(consoles.body.length, 2);

    // On a phone the overview fits and the site link is still there.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/`);
    await page.getByRole('list', { name: 'Web apps' }).getByRole('link', { name: /^Open site / }).waitFor();
    await page.getByRole('list', { name: 'Recent files' }).waitFor();
    const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(widths.scrollWidth <= widths.innerWidth, `at 390 px the dashboard is ${widths.scrollWidth} px wide`);
    assert.ok(await page.getByRole('list', { name: 'Web apps' }).getByRole('link', { name: /^Open site / }).isVisible());

    for (const c of consoles.body) await call('DELETE', `/api/consoles/${c.id}`);
    await call('DELETE', `/api/webapps/${domain}`);
    await context.close();
  });
});
