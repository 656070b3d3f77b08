import { spawn } from 'node:child_process';

/**
 * Swaps two names with renameat2(RENAME_EXCHANGE) in a loop in another process, as fast as it can, for at most
 * `seconds` (it stops by itself); stop() ends it early and says how many swaps it made.
 */
export function startSwapper(a: string, b: string, seconds: number): { stop: () => Promise<number> } {
  const script = [
    'import ctypes, signal, sys, time',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'a, b, end = sys.argv[1].encode(), sys.argv[2].encode(), time.monotonic() + float(sys.argv[3])',
    'stopped = []',
    'signal.signal(signal.SIGTERM, lambda *_: stopped.append(1))',
    'n = 0',
    'while not stopped and time.monotonic() < end:',
    '    n += libc.renameat2(-100, a, -100, b, 2) == 0',
    'print(n, flush=True)',
  ].join('\n');
  const child = spawn('python3', ['-c', script, a, b, String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<number>((resolve) => child.on('close', () => resolve(Number(out.trim()) || 0)));
  return {
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}
