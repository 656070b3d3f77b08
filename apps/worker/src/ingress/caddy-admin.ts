import { setTimeout as sleep } from 'node:timers/promises';

const LOAD_ATTEMPTS = 5;
const LOAD_RETRY_DELAY_MS = 200;

/** One Caddy's admin API, as the node ingress and the edge use it: load a whole config, ask whether it still holds it. */
export class CaddyAdmin {
  constructor(readonly adminUrl: string) {}

  async load(config: object): Promise<void> {
    const response = await this.postLoad(JSON.stringify(config));
    if (!response.ok) throw new Error(`Caddy at ${this.adminUrl} refused the config: ${response.status} ${await response.text()}`);
  }

  /** Whether Caddy holds the config with this hash (its marker route); null when Caddy does not answer. */
  async holds(hash: string): Promise<boolean | null> {
    try {
      const response = await fetch(`${this.adminUrl}/id/panel-config-${hash}`, { signal: AbortSignal.timeout(5_000) });
      return response.ok;
    } catch {
      return null;
    }
  }

  /**
   * POST /load. Caddy restarts its admin endpoint after a load that changes the admin settings (the first load into a
   * freshly started Caddy does), so a load right after it can meet a closed socket: such network errors are retried.
   */
  private async postLoad(body: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${this.adminUrl}/load`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        if (attempt >= LOAD_ATTEMPTS || (error as Error).name === 'TimeoutError') throw error;
        await sleep(LOAD_RETRY_DELAY_MS);
      }
    }
  }
}
