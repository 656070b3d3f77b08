/**
 * bench/consoles: time to a bash console's first prompt (its account's console container running, and cold),
 * keystroke echo round trip through the WebSocket (panel-api -> Redis -> worker -> docker exec -> tmux -> bash and
 * back), and the echo of 50 consoles in use at once on one node (10 accounts x 5 consoles).
 */
import WebSocket from 'ws';
import { startPlatform } from '../platform';
import { BenchClient, ms, percentile } from './api-client';

const COLD = Number(process.env.BENCH_COLD ?? 5);
const WARM = Number(process.env.BENCH_WARM ?? 10);
const ECHOES = Number(process.env.BENCH_ECHOES ?? 200);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10);
const PER_ACCOUNT = Number(process.env.BENCH_PER_ACCOUNT ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const PROMPT = /\d\d:\d\d ~ \$ /;

/** A console's WebSocket, authenticated with the account's API token. */
class Terminal {
  private text = '';
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (!binary) return;
      this.text += data.toString('utf8');
      if (this.text.length > 200_000) this.text = this.text.slice(-100_000);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(url: string, token: string, id: number): Promise<Terminal> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/consoles/${id}/ws?cols=120&rows=30`, { headers: { authorization: `Token ${token}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Terminal(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
    });
  }

  mark() {
    return this.text.length;
  }

  async waitFor(test: (text: string) => boolean, from = 0, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.text.slice(from).replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r/g, ''))) {
      if (Date.now() > deadline) throw new Error(`timed out; the console shows: ${JSON.stringify(this.text.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Types one character and waits until the terminal shows it: the keystroke echo round trip. */
  async echo(ch: string): Promise<number> {
    const from = this.mark();
    const started = performance.now();
    this.ws.send(Buffer.from(ch), { binary: true });
    await this.waitFor((t) => t.includes(ch), from, 10_000);
    return performance.now() - started;
  }

  type(text: string) {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  close() {
    this.ws.close();
  }
}

async function openConsole(client: BenchClient): Promise<{ id: number; terminal: Terminal; ms: number }> {
  const started = performance.now();
  const created = await client.call<{ id: number }>('POST', '/api/consoles', { kind: 'bash' });
  if (created.status !== 201) throw new Error(`console not created: ${created.status} ${JSON.stringify(created.body)}`);
  const terminal = await Terminal.open(client.url, client.token, created.body.id);
  await terminal.waitFor((t) => PROMPT.test(t));
  return { id: created.body.id, terminal, ms: performance.now() - started };
}

/** Echo round trips on a console, with a short pause between keys as a person types; the line is cleared now and then. */
async function echoes(terminal: Terminal, count: number, pauseMs: () => number): Promise<number[]> {
  const rtts: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    rtts.push(await terminal.echo(letters[i % 26]));
    if (i % 40 === 39) {
      terminal.type('\x15'); // Ctrl-U
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, pauseMs()));
  }
  terminal.type('\x15');
  return rtts;
}

async function main() {
  const platform = await startPlatform({ PANEL_LOG_LEVEL: 'warn' });
  const figures: string[] = [];
  try {
    // Cold: a new account, so its console container is created and started first.
    const cold: number[] = [];
    for (let i = 0; i < COLD; i++) {
      const client = new BenchClient(platform.url);
      await client.signup('cold');
      const opened = await openConsole(client);
      cold.push(opened.ms);
      opened.terminal.close();
      await client.call('DELETE', `/api/consoles/${opened.id}`);
    }

    // Warm: the account's console container runs (another console keeps it busy).
    const warmClient = new BenchClient(platform.url);
    await warmClient.signup('warm');
    const keeper = await openConsole(warmClient);
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) {
      const opened = await openConsole(warmClient);
      warm.push(opened.ms);
      opened.terminal.close();
      await warmClient.call('DELETE', `/api/consoles/${opened.id}`);
    }

    // Keystroke echo on one console.
    await echoes(keeper.terminal, 20, () => 20);
    const single = await echoes(keeper.terminal, ECHOES, () => 30);
    keeper.terminal.close();
    await warmClient.call('DELETE', `/api/consoles/${keeper.id}`);

    // 50 consoles at once: every one typing, like a class working in its consoles.
    const consoles: Terminal[] = [];
    const ids: { client: BenchClient; id: number }[] = [];
    const openedAt = performance.now();
    for (let a = 0; a < ACCOUNTS; a++) {
      const client = new BenchClient(platform.url);
      await client.signup('load');
      const opened = await Promise.all(Array.from({ length: PER_ACCOUNT }, () => openConsole(client)));
      for (const o of opened) {
        consoles.push(o.terminal);
        ids.push({ client, id: o.id });
      }
    }
    const openAllMs = performance.now() - openedAt;
    const loadRtts: number[] = [];
    const end = Date.now() + LOAD_SECONDS * 1000;
    await Promise.all(
      consoles.map(async (terminal) => {
        let i = 0;
        while (Date.now() < end) {
          loadRtts.push(await terminal.echo('abcdefghijklmnopqrstuvwxyz'[i % 26]));
          if (++i % 40 === 0) terminal.type('\x15');
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 150));
        }
        terminal.type('\x15');
      }),
    );
    for (const t of consoles) t.close();
    for (const { client, id } of ids) await client.call('DELETE', `/api/consoles/${id}`);

    figures.push(
      `first prompt, console container running: p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))} (n=${warm.length}; target p50 <= 1 s)`,
      `first prompt, cold (new console container): p50 ${ms(percentile(cold, 50))}, p95 ${ms(percentile(cold, 95))} (n=${cold.length}; target p50 <= 3 s)`,
      `keystroke echo through the WebSocket: p50 ${percentile(single, 50).toFixed(1)} ms, p95 ${percentile(single, 95).toFixed(1)} ms, max ${Math.max(...single).toFixed(1)} ms (n=${single.length}; target p50 <= 20 ms)`,
      `${consoles.length} consoles open at once (${ACCOUNTS} accounts x ${PER_ACCOUNT}): opened in ${ms(openAllMs)}; echo while all type for ${LOAD_SECONDS} s: p50 ${percentile(loadRtts, 50).toFixed(1)} ms, p95 ${percentile(loadRtts, 95).toFixed(1)} ms, p99 ${percentile(loadRtts, 99).toFixed(1)} ms (n=${loadRtts.length})`,
    );
  } finally {
    await platform.stop();
  }
  console.log('bench/consoles');
  for (const line of figures) console.log(`  ${line}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
