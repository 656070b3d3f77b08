import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signUpInBrowser, usePlatformAndBrowser } from './browser';

/**
 * The terminal draws every glyph, checked on the pixels Chromium painted rather than on the text xterm.js holds: the
 * bytes of `under_score_test` were always right, but the system monospace font's underscore fell below the row the DOM
 * renderer clips to, so the screen read "under score test".
 */

const TERMINAL = '[data-testid="console-terminal"]';

async function screenText(page: Page): Promise<string> {
  return page.locator(`${TERMINAL} .xterm-rows`).innerText();
}

async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await screenText(page).catch(() => '')).replace(/\u00a0/g, ' ');
    if (pattern.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
}

async function typeLine(page: Page, line: string) {
  await page.locator(TERMINAL).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

interface RowBox {
  x: number;
  y: number;
  cellWidth: number;
  cellHeight: number;
}

/** Where the terminal row showing exactly `text` is on the page, and its cells' size, in CSS pixels. */
async function rowBox(page: Page, text: string): Promise<RowBox> {
  const box = await page.locator(`${TERMINAL} .xterm-rows`).evaluate((rows, wanted) => {
    for (const row of Array.from(rows.children) as HTMLElement[]) {
      const content = (row.textContent ?? '').replace(/\u00a0/g, ' ');
      if (content.trimEnd() !== wanted) continue;
      const range = document.createRange();
      range.selectNodeContents(row);
      const rowRect = row.getBoundingClientRect();
      return { x: rowRect.left, y: rowRect.top, cellWidth: range.getBoundingClientRect().width / content.length, cellHeight: rowRect.height };
    }
    return null;
  }, text);
  assert.ok(box, `no terminal row shows exactly ${JSON.stringify(text)}`);
  return box;
}

interface CellInk {
  /** Foreground pixels in the whole cell. */
  all: number;
  /** Foreground pixels in the cell's lower part (below the baseline of the letters, where `_` is drawn). */
  low: number;
}

/**
 * Screenshots one terminal row and counts, per cell, the pixels drawn in (near) the foreground colour on the dark
 * background. The PNG is decoded by the page itself (an <img> drawn into a canvas), so no image library is needed.
 */
async function inkPerCell(page: Page, box: RowBox, cells: number, label: string): Promise<CellInk[]> {
  const clip = { x: Math.floor(box.x), y: Math.floor(box.y), width: Math.ceil(box.cellWidth * cells) + 1, height: Math.floor(box.cellHeight) };
  const png = await page.screenshot({ clip });
  await writeFile(`/tmp/console-glyphs-${label}.png`, png).catch(() => undefined);
  return page.evaluate(
    async ({ png, box, clip, cells }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const scale = image.width / clip.width;
      const offset = (box.x - clip.x) * scale;
      const lowFrom = Math.floor(canvas.height * 0.55);
      const result: { all: number; low: number }[] = [];
      for (let cell = 0; cell < cells; cell++) {
        const left = Math.round(offset + cell * box.cellWidth * scale);
        const right = Math.round(offset + (cell + 1) * box.cellWidth * scale);
        let all = 0;
        let low = 0;
        for (let y = 0; y < canvas.height; y++) {
          for (let x = left; x < right; x++) {
            const i = (y * canvas.width + x) * 4;
            // Background #1e1e1e is luminance 30, foreground #e6e6e6 is 230: count what is clearly lighter than the
            // background (anti-aliased edges of a thin glyph included).
            if (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2] > 90) {
              all++;
              if (y >= lowFrom) low++;
            }
          }
        }
        result.push({ all, low });
      }
      return result;
    },
    { png: png.toString('base64'), box, clip, cells },
  );
}

const SIZES: { name: string; viewport: { width: number; height: number }; withoutWebFont?: boolean }[] = [
  { name: 'desktop', viewport: { width: 1366, height: 850 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
  // The dashboard's terminal font cannot be fetched: the system monospace font behind it must draw `_` too.
  { name: 'desktop, system font', viewport: { width: 1366, height: 850 }, withoutWebFont: true },
];

describe('consoles draw every character, end to end in Chromium', () => {
  const running = usePlatformAndBrowser();
  let account: Promise<{ storage: Awaited<ReturnType<BrowserContext['storageState']>>; consoleUrl: string }> | undefined;

  /** One account and one bash console, shared by the sizes below (opened once, by whichever test runs first). */
  const openConsole = (browser: Browser) =>
    (account ??= (async () => {
      const context = await browser.newContext({ viewport: SIZES[0].viewport });
      const page = await context.newPage();
      await signUpInBrowser(page, running.platform.url, `e2e${randomBytes(4).toString('hex')}`, 'a good password');
      await page.getByRole('link', { name: 'Consoles', exact: true }).click();
      await page.getByRole('button', { name: 'Bash', exact: true }).click();
      await page.waitForURL(/\/consoles\/\d+$/);
      const consoleUrl = page.url();
      const storage = await context.storageState();
      await context.close();
      return { storage, consoleUrl };
    })());

  for (const size of SIZES) {
    const label = size.name.replace(/\W+/g, '-');
    test(`echo under_score_test draws its underscores (${size.name}, ${size.viewport.width}×${size.viewport.height})`, async () => {
      const { storage, consoleUrl } = await openConsole(running.browser);
      const context = await running.browser.newContext({ viewport: size.viewport, storageState: storage });
      try {
        const page = await context.newPage();
        if (size.withoutWebFont) await page.route(/\.woff2?(\?.*)?$/, (route) => route.abort());
        await page.goto(consoleUrl);
        await waitForScreen(page, /\d\d:\d\d ~ \$/);
        await typeLine(page, 'clear');
        await waitForScreen(page, /^\s*\d\d:\d\d ~ \$\s*$/);
        await typeLine(page, 'echo under_score_test');
        await typeLine(page, 'echo under score test');
        await waitForScreen(page, /^under_score_test$[\s\S]*^under score test\s+\d\d:\d\d ~ \$\s*$/m);
        if (size.withoutWebFont) {
          const loadedWebFonts = await page.evaluate(() => {
            let loaded = 0;
            document.fonts.forEach((face) => {
              if (face.status === 'loaded' && /JetBrains/.test(face.family)) loaded++;
            });
            return loaded;
          });
          assert.equal(loadedWebFonts, 0, 'the web font was kept away');
        }

        // The same letters with `_` and with spaces, cell by cell: the underscores' cells (5 and 11) must hold a line
        // in their lower part, where the spaces' cells hold nothing.
        const cells = 'under_score_test'.length;
        const underscores = await inkPerCell(page, await rowBox(page, 'under_score_test'), cells, `${label}-underscores`);
        const spaces = await inkPerCell(page, await rowBox(page, 'under score test'), cells, `${label}-spaces`);
        const report = JSON.stringify({ underscores, spaces });
        for (const cell of [0, 1, 6, 12]) {
          assert.ok(underscores[cell].all > 0 && spaces[cell].all > 0, `the letters are inside the screenshots (cell ${cell}): ${report}`);
        }
        for (const cell of [5, 11]) {
          assert.ok(spaces[cell].all <= 1, `a space draws nothing (cell ${cell}): ${report}`);
          assert.ok(
            underscores[cell].low >= 4,
            `the underscore in cell ${cell} of "under_score_test" is drawn below the letters (see /tmp/console-glyphs-${label}-underscores.png): ${report}`,
          );
        }
      } finally {
        await context.close();
      }
    });
  }
});
