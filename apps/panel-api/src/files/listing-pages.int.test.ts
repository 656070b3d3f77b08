import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { folderReads } from '@panel/home-fs';
import { startTestApi, TestClient } from '../testing/test-api';

const FILES = 1200;
const FOLDERS = 3;

describe('Folder listings: pages of bounded size, folders read from disk only when they changed', () => {
  let app: INestApplication;
  let config: PanelConfig;
  let client: TestClient;
  let username: string;
  let big: string;
  let bigPath: string;
  const expected: string[] = [];

  before(async () => {
    let url: string;
    ({ app, url, config } = await startTestApi());
    client = new TestClient(url);
    username = (await client.signup()).account.username;
    const created = await client.post('/api/account/tokens', { name: 'listing pages' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    big = join(config.homesDir, username, 'big');
    bigPath = `/home/${username}/big`;
    await mkdir(big);
    for (let i = 0; i < FOLDERS; i++) await mkdir(join(big, `dir${i}`));
    for (let i = 0; i < FILES; i++) await writeFile(join(big, `f${String(i).padStart(5, '0')}.txt`), `${i}\n`);
    expected.push(...Array.from({ length: FOLDERS }, (_, i) => `dir${i}`), ...Array.from({ length: FILES }, (_, i) => `f${String(i).padStart(5, '0')}.txt`));
    const past = new Date(Date.now() - 60_000);
    await utimes(big, past, past); // settled: its snapshot may be kept
    client.token = created.body.token;
  });
  after(async () => {
    await app?.close();
  });

  const q = encodeURIComponent;
  async function allPages(path: string, limit?: number) {
    const names: string[] = [];
    const pages: number[] = [];
    let after: string | null = null;
    let total = -1;
    do {
      const res: { status: number; body: any } = await client.get(`/api/files?path=${q(path)}${limit ? `&limit=${limit}` : ''}${after ? `&after=${q(after)}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      names.push(...res.body.entries.map((e: { name: string }) => e.name));
      pages.push(res.body.entries.length);
      total = res.body.total;
      after = res.body.nextCursor;
    } while (after);
    return { names, pages, total };
  }

  test('a folder of 1,203 entries comes in pages of 500 (folders first, then by name), each entry once', async () => {
    const { names, pages, total } = await allPages(bigPath);
    assert.equal(total, FILES + FOLDERS);
    assert.deepEqual(pages, [500, 500, 203]);
    assert.deepEqual(names, expected);
    const first = await client.get(`/api/files?path=${q(bigPath)}&limit=2`);
    assert.deepEqual(first.body.entries.map((e: { name: string; type: string }) => [e.name, e.type]), [['dir0', 'directory'], ['dir1', 'directory']]);
    assert.equal(first.body.entries[0].path, `${bigPath}/dir0`);
  });

  test('listing an unchanged big folder again reads its entries from disk zero times, and only the page is stated', async () => {
    await allPages(bigPath);
    const before = folderReads.count;
    for (let i = 0; i < 5; i++) await allPages(bigPath, 1000);
    assert.equal(folderReads.count, before, 'no folder read per request');
  });

  test('a file created in the folder (by the API or a console) shows in the next listing', async () => {
    const created = await client.post('/api/files/entries', { directory: bigPath, name: 'aaa-new.txt', type: 'file' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await writeFile(join(big, 'zzz-console.txt'), 'made in a console\n');
    const { names, total } = await allPages(bigPath);
    assert.equal(total, FILES + FOLDERS + 2);
    assert.ok(names.includes('aaa-new.txt') && names.includes('zzz-console.txt'), 'both new files listed');
    assert.equal(names[FOLDERS], 'aaa-new.txt');
  });

  test("PythonAnywhere's folder listing has every entry with its type and URL, and sees a new file", async () => {
    const raw = `/api/v0/user/${username}/files/path${bigPath}`;
    const res = await client.get(raw);
    assert.equal(res.status, 200);
    assert.equal(Object.keys(res.body).length, FILES + FOLDERS + 2);
    assert.deepEqual(res.body.dir0, { type: 'directory', url: `${config.api.publicUrl}${raw}/dir0` });
    assert.equal(res.body['f00007.txt'].type, 'file');
    await writeFile(join(big, 'pa new.txt'), 'x\n');
    const again = await client.get(raw);
    assert.deepEqual(again.body['pa new.txt'], { type: 'file', url: `${config.api.publicUrl}${raw}/pa%20new.txt` });
  });

  test('a cursor the API did not give and a page size out of range are 400s', async () => {
    const bad = await client.get(`/api/files?path=${q(bigPath)}&after=not-a-cursor`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'FILES_CURSOR_INVALID');
    assert.equal((await client.get(`/api/files?path=${q(bigPath)}&limit=0`)).status, 400);
    assert.equal((await client.get(`/api/files?path=${q(bigPath)}&limit=2001`)).status, 400);
  });
});
