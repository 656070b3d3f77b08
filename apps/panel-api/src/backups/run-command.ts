import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/**
 * Runs a program to completion (no shell: arguments are passed as they are), its output into a file or its input
 * from one; rejects naming the program and the end of what it wrote to stderr when it fails.
 */
export async function runCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdoutFile?: string; stdinFile?: string } = {}): Promise<string> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: [options.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const output = options.stdoutFile ? createWriteStream(options.stdoutFile, { mode: 0o600 }) : null;
  if (output) child.stdout!.pipe(output);
  else child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  if (options.stdinFile) createReadStream(options.stdinFile).pipe(child.stdin!);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (output) await finished(output);
  if (code !== 0) throw new Error(`${command} ${args[0] ?? ''} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`);
  return stdout;
}

/** A command run as the PostgreSQL server's own superuser (peer authentication on the local socket). */
export const asPostgres = (command: string, args: string[], options: { stdoutFile?: string; stdinFile?: string } = {}) =>
  runCommand('runuser', ['-u', 'postgres', '--', command, ...args], options);
