import { after, before } from 'node:test';
import { APIRequestContext, Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** The API as the signed-in page: its session cookie and CSRF token. */
export async function pageApi(request: APIRequestContext, url: string) {
  const session = await (await request.get(`${url}/api/auth/session`)).json();
  const csrf: string = session.csrfToken;
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await request.fetch(`${url}${path}`, {
      method,
      headers: { 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' } : {}) },
      data: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status(), body: text ? safeJson(text) : undefined };
  };
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function signUpInBrowser(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /sign up/i }).click();
  await page.waitForURL(`${url}/`);
}

export async function logInInBrowser(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(`${url}/`);
}

/**
 * Registers before/after hooks that start the platform's processes and a browser for the enclosing describe(), and
 * stop them after; the returned object is filled in once the hooks ran.
 */
export function usePlatformAndBrowser(): { platform: import('./platform').RunningPlatform; browser: Browser } {
  const context = {} as { platform: import('./platform').RunningPlatform; browser: Browser };
  before(async () => {
    const { startPlatform } = await import('./platform');
    context.platform = await startPlatform();
    context.browser = await launchBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.platform?.stop();
  });
  return context;
}
