import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '..', '..', '..');

/** The processes a supervisor runs (its children). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter(Boolean);
  } catch {
    return [];
  }
}

const commandOf = (pid: number) => {
  try {
    return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('npm start supervision (scripts/supervise.sh)', () => {
  test('a process killed with SIGKILL is started again by itself; SIGTERM stops it and the supervisor', async () => {
    const supervisor = spawn('bash', [join(ROOT, 'scripts/supervise.sh'), 'demo', process.execPath, '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await until('the process started', () => childrenOf(supervisor.pid!).length === 1);
      const [first] = childrenOf(supervisor.pid!);
      process.kill(first, 'SIGKILL');
      // After the backoff (its `sleep` is a child for a moment) the program runs again under a new pid.
      const program = () => childrenOf(supervisor.pid!).find((pid) => pid !== first && commandOf(pid) === 'node');
      await until('the program started again', () => program() !== undefined && !alive(first));
      const second = program()!;
      const exited = new Promise<number | null>((resolve) => supervisor.once('exit', resolve));
      supervisor.kill('SIGTERM');
      assert.equal(await exited, 0, 'the supervisor exits cleanly');
      await until('the program stopped', () => !alive(second));
    } finally {
      if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
    }
  });
});
