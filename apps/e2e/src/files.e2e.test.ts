import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { BenchClient } from './bench/api-client';
import { logInInBrowser, usePlatformAndBrowser } from './browser';

const APPS_PORT = Number(process.env.PANEL_APPS_PORT ?? 8080);

/** GET / of a hosted app through this node's Caddy, with the app's domain as Host. */
function fetchSite(domain: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: APPS_PORT, path: '/', headers: { host: domain }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

describe('Files tab, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();

  test('open ~/mysite/flask_app.py, change a string, save with Ctrl-S, press Reload and see the change on the site', async () => {
    const client = new BenchClient(running.platform.url);
    await client.signup('files');
    const created = await client.call('POST', '/api/webapps', { template: 'flask', pythonVersion: '3.11' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const domain: string = created.body.webapp.domain;
    const setup = await client.waitForJob(created.body.job.id);
    assert.equal(setup.status, 'succeeded', setup.error ?? '');
    assert.equal((await fetchSite(domain)).body, 'Hello from Flask!');

    const page = await running.browser.newPage();
    await logInInBrowser(page, running.platform.url, client.username, 'benchmark password');
    await page.getByRole('link', { name: 'Files', exact: true }).click();
    await page.getByRole('link', { name: 'mysite/', exact: true }).click();
    await page.getByRole('link', { name: 'flask_app.py', exact: true }).click();
    const line = page.locator('.cm-line', { hasText: 'return "Hello from Flask!"' });
    await line.waitFor();

    // Put the cursor just before the closing quote, delete the old text and type the new one.
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'Hello from Flask!'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('Edited in the Files tab');
    await page.getByText('Unsaved changes').waitFor();
    await page.keyboard.press('Control+s');
    await page.getByText(/✓ Saved at/).waitFor();
    const onDisk = await client.call('GET', `/api/files/content?path=${encodeURIComponent(`/home/${client.username}/mysite/flask_app.py`)}`);
    assert.match(onDisk.body.content, /return "Edited in the Files tab"/);

    await page.getByRole('button', { name: `Reload ${domain}` }).click();
    await page.getByText(`✓ ${domain} reloaded`).waitFor({ timeout: 120_000 });
    const deadline = Date.now() + 30_000;
    let site = await fetchSite(domain);
    while (site.body !== 'Edited in the Files tab' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      site = await fetchSite(domain);
    }
    assert.equal(site.body, 'Edited in the Files tab', 'the site serves the edited code');

    // Changed on disk meanwhile (here through the PythonAnywhere API): saving warns instead of overwriting.
    const form = new FormData();
    form.append('content', new Blob(['# changed elsewhere\n']), 'flask_app.py');
    const replaced = await fetch(`${running.platform.url}/api/v0/user/${client.username}/files/path/home/${client.username}/mysite/flask_app.py`, {
      method: 'POST',
      headers: { authorization: `Token ${client.token}` },
      body: form,
    });
    assert.equal(replaced.status, 200);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# one more line');
    await page.keyboard.press('Control+s');
    await page.getByText(/changed on disk since you opened it/).waitFor();
    await page.getByRole('button', { name: 'Reload from disk (lose my changes)' }).click();
    await page.locator('.cm-line', { hasText: '# changed elsewhere' }).waitFor();
    assert.equal(await page.locator('.cm-line', { hasText: '# one more line' }).count(), 0);
    await page.close();
  });

  test('"Save and run" saves a .py file and runs it in a new console below the editor, on a desktop and on a phone', async () => {
    const client = new BenchClient(running.platform.url);
    await client.signup('files');
    const page = await running.browser.newPage();
    await logInInBrowser(page, running.platform.url, client.username, 'benchmark password');
    await page.goto(`${running.platform.url}/files`);
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file name').fill('hello world.py');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('.cm-content').click();
    await page.keyboard.type('print("answer:", 6 * 7)');
    await page.getByRole('button', { name: 'Save and run' }).click();
    const panel = page.getByRole('region', { name: 'Run hello world.py' });
    const rows = panel.locator('[data-testid="console-terminal"] .xterm-rows');
    for (let waited = 0; !/answer: 42/.test(await rows.innerText().catch(() => '')); waited += 500) {
      if (waited > 60_000) {
        throw new Error(`the console below the editor never printed "answer: 42": ${await rows.innerText().catch(() => '(no terminal)')}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(page.url(), /\/files\?edit=/, 'the editor stays open above the console');
    await page.locator('.cm-content').waitFor();
    assert.match((await panel.getByRole('link', { name: 'Open in its own page' }).getAttribute('href')) ?? '', /^\/consoles\/\d+$/);
    // On a phone the editor and its console fit the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 5_000 });
    const saved = await client.call('GET', `/api/files/content?path=${encodeURIComponent(`/home/${client.username}/hello world.py`)}`);
    assert.equal(saved.body.content, 'print("answer:", 6 * 7)');
    await page.close();
  });

  test('upload a file into a folder, see it listed, and download the folder as .tar.gz', async () => {
    const client = new BenchClient(running.platform.url);
    await client.signup('files');
    const page = await running.browser.newPage();
    await logInInBrowser(page, running.platform.url, client.username, 'benchmark password');
    await page.goto(`${running.platform.url}/files`);
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByLabel('New folder name').fill('my uploads');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'my uploads/', exact: true }).click();
    await page.getByLabel('Files to upload').setInputFiles([
      { name: 'data ü.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n') },
    ]);
    await page.getByRole('link', { name: 'data ü.csv', exact: true }).waitFor();
    await page.getByRole('link', { name: 'notes.md', exact: true }).waitFor();
    assert.equal(await page.getByText('✓ Uploaded').count(), 2);
    // Drag and drop onto the folder.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['dropped in\n'], 'dropped.txt', { type: 'text/plain' }));
      return transfer;
    });
    await page.getByTestId('files-dropzone').dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByRole('link', { name: 'dropped.txt', exact: true }).waitFor();
    const droppedOnDisk = await client.call('GET', `/api/files/content?path=${encodeURIComponent(`/home/${client.username}/my uploads/dropped.txt`)}`);
    assert.equal(droppedOnDisk.body.content, 'dropped in\n');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download folder (.tar.gz)' }).click()]);
    assert.equal(download.suggestedFilename(), 'my uploads.tar.gz');
    await page.close();
  });
});
