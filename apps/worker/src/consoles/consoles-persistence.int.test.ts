import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { ConsoleView } from '@panel/contracts';
import { startTestApi, TestClient } from '@panel/panel-api/testing';
import { ConsoleSocket, visible } from '../testing/console-socket';
import { startTestWorker } from '../testing/test-worker';
import { ConsoleContainerRef, ConsoleContainers } from './console-containers';
import { ConsoleServer } from './console-server.service';

/** A loop that prints a growing count and its shell's pid: the same pid and a count that kept growing mean the
 * same process ran on while we were away. */
const TICKER = 'n=0; while :; do n=$((n+1)); echo "tick $n pid $$"; sleep 0.2; done\r';

const lastTick = (text: string): { n: number; pid: number } | null => {
  const all = [...visible(text).matchAll(/tick (\d+) pid (\d+)/g)];
  const last = all.at(-1);
  return last ? { n: Number(last[1]), pid: Number(last[2]) } : null;
};

describe('consoles survive disconnects and restarts of panel-api and the worker', () => {
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplicationContext;
  let client: TestClient;
  let username: string;

  before(async () => {
    ({ app: api, url: apiUrl } = await startTestApi());
    ({ worker } = await startTestWorker());
    client = new TestClient(apiUrl);
    username = (await client.signup()).account.username;
  });
  after(async () => {
    await worker?.close();
    await api?.close();
  });

  /** The same browser session against another panel-api process. */
  const sameSession = (url: string) => Object.assign(new TestClient(url), { cookie: client.cookie, csrf: client.csrf });

  async function tmuxClients(): Promise<string[]> {
    const containers = worker.get(ConsoleContainers);
    const info = await containers.inspect(await containers.nameOf(username, '3.11'));
    const ref: ConsoleContainerRef = { id: info!.id, name: info!.name, user: info!.user };
    return containers.clients(ref);
  }

  /** Detaching is a Docker exec that a loaded machine may run late: give it a few seconds, then insist. */
  async function expectOneTmuxClient(why: string) {
    const deadline = Date.now() + 10_000;
    let clients = await tmuxClients();
    while (clients.length !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      clients = await tmuxClients();
    }
    assert.equal(clients.length, 1, why);
  }

  test('closing the browser: the program keeps running; reconnecting shows the screen and the scrollback', async () => {
    const c = (await client.post<ConsoleView>('/api/consoles', { kind: 'bash' })).body;
    let socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie }, { cols: 80, rows: 10 });
    await socket.waitFor(/\$ $/m);
    socket.type(TICKER);
    await socket.waitFor('tick 3 pid');
    const seen = lastTick(socket.output)!;
    await socket.close();

    await new Promise((r) => setTimeout(r, 2_000));
    socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie }, { cols: 80, rows: 10 });
    try {
      await socket.waitForMessage('attached');
      await socket.until(() => (lastTick(socket.output)?.n ?? 0) >= seen.n + 8, 'the ticker to have run on');
      const now = lastTick(socket.output)!;
      assert.equal(now.pid, seen.pid, 'the same shell');
      // The scrollback came first: ticks from before the disconnect, above the 10-line screen.
      assert.match(visible(socket.output), new RegExp(`tick ${seen.n} pid ${seen.pid}`));
      assert.match(visible(socket.output), /tick 1 pid/);
      await expectOneTmuxClient('the closed connection left no tmux client behind');
    } finally {
      socket.type('\x03');
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('panel-api restarts: browsers are told (1012), reconnect, and find the program still running', async () => {
    const c = (await client.post<ConsoleView>('/api/consoles', { kind: 'bash' })).body;
    const socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie });
    await socket.waitFor(/\$ $/m);
    socket.type(TICKER);
    await socket.waitFor('tick 2 pid');
    const seen = lastTick(socket.output)!;

    await api.close();
    await socket.until(() => socket.closed !== null, 'the socket to close');
    assert.equal(socket.closed!.code, 1012);
    ({ app: api, url: apiUrl } = await startTestApi());
    client = sameSession(apiUrl);

    const again = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie });
    try {
      await again.until(() => (lastTick(again.output)?.n ?? 0) > seen.n + 3, 'the ticker to show up again');
      assert.equal(lastTick(again.output)!.pid, seen.pid);
      await again.interrupt();
      const mark = again.mark();
      again.type('echo after-api-restart-$((1+1))\r');
      await again.waitFor('after-api-restart-2', mark);
    } finally {
      await again.close();
    }
    assert.equal((await client.get<ConsoleView>(`/api/consoles/${c.id}`)).body.state, 'running');
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('the worker restarts: the open socket is attached again by itself, the program never stopped', async () => {
    const c = (await client.post<ConsoleView>('/api/consoles', { kind: 'bash' })).body;
    const socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor(/\$ $/m);
      socket.type(TICKER);
      await socket.waitFor('tick 2 pid');
      const seen = lastTick(socket.output)!;
      const attachedBefore = socket.messages.filter((m) => m.type === 'attached').length;

      await worker.close();
      await new Promise((r) => setTimeout(r, 1_500));
      ({ worker } = await startTestWorker());

      await socket.until(() => socket.messages.filter((m) => m.type === 'attached').length > attachedBefore, 'the socket to be attached again', 30_000);
      assert.equal(socket.closed, null, 'the browser never lost its socket');
      const mark = socket.mark();
      await socket.until(() => (lastTick(socket.output.slice(mark))?.n ?? 0) > seen.n + 5, 'ticks after the restart');
      assert.equal(lastTick(socket.output)!.pid, seen.pid, 'the same shell, still running');
      await socket.interrupt();
      const typed = socket.mark();
      socket.type('echo after-worker-restart-$((1+1))\r');
      await socket.waitFor('after-worker-restart-2', typed);
      assert.equal(worker.get(ConsoleServer).attachedCount, 1);
      await expectOneTmuxClient("one tmux client: the old worker's was detached");
    } finally {
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('the worker is killed without a goodbye: its tmux clients are cleaned up and consoles attach again', async () => {
    const c = (await client.post<ConsoleView>('/api/consoles', { kind: 'bash' })).body;
    const socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor(/\$ $/m);
      socket.type('sleep 1000 & echo "bg=$!"\r');
      await socket.waitFor(/bg=\d+/);
      const bg = /bg=(\d+)/.exec(visible(socket.output))![1];
      // What a crash leaves: the attachment's tmux client stays; Redis subscriptions vanish with the process.
      const server = worker.get(ConsoleServer) as unknown as { subscriber: { disconnect(): void }; attachments: Map<string, unknown> };
      server.subscriber.disconnect();
      server.attachments.clear();
      await worker.close();
      ({ worker } = await startTestWorker());
      await socket.until(() => socket.messages.filter((m) => m.type === 'attached').length >= 2, 'attached again', 30_000);
      const mark = socket.mark();
      socket.type('kill -0 ' + bg + ' && echo "still-$((1+1))"\r');
      await socket.waitFor('still-2', mark);
      await expectOneTmuxClient('one tmux client: the killed worker\'s was detached');
    } finally {
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });

  test('a console created through the API runs before any browser opens it, and keeps its output for the first one', async () => {
    const c = (await client.post<ConsoleView>('/api/consoles', { kind: 'custom', command: 'for i in 1 2 3; do echo "early-$i"; done; sleep 600' })).body;
    await new Promise((r) => setTimeout(r, 1_500));
    const socket = await ConsoleSocket.open(apiUrl, c.id, { cookie: client.cookie });
    try {
      await socket.waitFor('early-3');
    } finally {
      await socket.close();
    }
    await client.delete(`/api/consoles/${c.id}`);
  });
});
