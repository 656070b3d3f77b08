import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads KEY=VALUE lines (the operator's env file written by scripts/setup.sh, e.g. the generated MySQL password) with
 * Node's own dotenv parser, `util.parseEnv` (Node 20.12 and later, hence package.json's engines): comments, blank
 * lines, quotes, `export KEY=` and inline `# comments` after unquoted values work as in dotenv.
 * Values already in the environment win, so an operator can always override a line.
 */
export function parseEnvFile(text: string): Record<string, string> {
  return parseEnv(text) as Record<string, string>;
}

export function readEnvFile(path: string): Record<string, string> {
  return existsSync(path) ? parseEnvFile(readFileSync(path, 'utf8')) : {};
}
