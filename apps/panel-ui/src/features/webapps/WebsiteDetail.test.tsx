import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api';
import { webAppView } from '../../test/fixtures';
import { fakeApi, json, renderAt } from '../../test/renderApp';

const domain = 'alice.apps.example.test';
const command = 'uvicorn --uds $DOMAIN_SOCKET main:app';
const site = webAppView({ domain, command, wsgiFile: '/var/www/alice_apps_example_test_wsgi.py' });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('Web tab: a website (its own command)', () => {
  it('shows the command and its logs instead of the WSGI file, and saves a new command', async () => {
    const newCommand = 'uvicorn --uds $DOMAIN_SOCKET --workers 2 main:app';
    const api = fakeApi(({ method, url }) => {
      if (url === '/api/webapps') return json(200, [site]);
      if (url === '/api/environments') return json(200, []);
      if (method === 'PATCH' && url === `/api/webapps/${domain}`) return json(200, { ...site, command: newCommand });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    renderAt(`/web/${domain}`);

    const field = (await screen.findByRole('textbox', { name: 'Command' })) as HTMLInputElement;
    expect(field.value).toBe(command);
    expect(screen.queryByTestId('wsgi-path')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit WSGI file' })).toBeNull();
    expect(screen.getByText('Changes take effect when you reload the website.')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Error log' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Server log' })).toBeTruthy();

    fireEvent.change(field, { target: { value: newCommand } });
    fireEvent.click(screen.getByRole('button', { name: 'Save command' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH' && r.url === `/api/webapps/${domain}`)).toBe(true));
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ command: newCommand });
    await waitFor(() => expect(field.value).toBe(newCommand));
  });
});
