/**
 * README.md's settings table is the operator's list of settings: every variable of EnvSchema is in it with the
 * schema's default, and nothing else is. A row may name several variables (`A` / `B`) with as many defaults.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema, formatSetting, type SettingName } from './config';

const README = join(__dirname, '..', '..', '..', 'README.md');

/** The default a README row must show: the schema's `defaultText`, or the value with nothing set (`unset` if none). */
function schemaDefaults(): Map<string, string> {
  const defaults = EnvSchema.parse({});
  const shape = EnvSchema.in.shape;
  return new Map(
    (Object.keys(shape) as SettingName[]).map((name) => {
      const text = shape[name].meta()?.defaultText;
      return [name, typeof text === 'string' ? text : formatSetting(defaults[name]) || 'unset'];
    }),
  );
}

/** Rows of the table under `## Settings`: each variable with the default its row shows (backticks dropped). */
function readmeDefaults(markdown: string): { defaults: Map<string, string>; problems: string[] } {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Settings\n'));
  if (!section) return { defaults: new Map(), problems: ['README.md has no "## Settings" section'] };
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2);
  const defaults = new Map<string, string>();
  const problems: string[] = [];
  for (const row of rows) {
    const [names, values] = row.split('|').slice(1, 3).map((cell) => cell.trim());
    const variables = names.split(' / ').map((n) => n.replace(/`/g, '').trim());
    const shown = variables.length === 1 ? [values] : values.split(' / ');
    if (shown.length !== variables.length) {
      problems.push(`row ${names}: ${variables.length} variables but ${shown.length} defaults`);
      continue;
    }
    variables.forEach((name, i) => {
      if (defaults.has(name)) problems.push(`${name} is in the table twice`);
      defaults.set(name, shown[i].replace(/`/g, '').trim());
    });
  }
  return { defaults, problems };
}

function tableProblems(markdown: string): string[] {
  const schema = schemaDefaults();
  const { defaults: readme, problems } = readmeDefaults(markdown);
  for (const [name, value] of schema) {
    if (!readme.has(name)) problems.push(`${name} is in the schema but not in README.md's settings table`);
    else if (readme.get(name) !== value) problems.push(`${name}: README.md says ${readme.get(name)}, the schema ${value}`);
  }
  for (const name of readme.keys()) {
    if (!schema.has(name)) problems.push(`${name} is in README.md's settings table but not in the schema`);
  }
  return problems;
}

test("README.md's settings table lists every setting of the schema with its default, and nothing else", () => {
  assert.deepEqual(tableProblems(readFileSync(README, 'utf8')), []);
});

test('the table check catches a missing row, an unknown row and a wrong default', () => {
  const readme = readFileSync(README, 'utf8');
  const withoutNetwork = readme.replace(/^\| `PANEL_USER_NETWORK` .*\n/m, '');
  assert.ok(withoutNetwork !== readme);
  assert.deepEqual(tableProblems(withoutNetwork), [
    "PANEL_USER_NETWORK is in the schema but not in README.md's settings table",
  ]);

  const withExtra = readme.replace(/^(\| `PANEL_UID_BASE` .*\n)/m, '$1| `PANEL_NO_SUCH` | `1` | nothing |\n');
  assert.deepEqual(tableProblems(withExtra), ["PANEL_NO_SUCH is in README.md's settings table but not in the schema"]);

  const wrongDefaults = readme
    .replace('| `PANEL_USER_NETWORK` | `panel-users` |', '| `PANEL_USER_NETWORK` | `users` |')
    .replace('| `1024` / `1` / `256` |', '| `1024` / `2` / `256` |');
  assert.deepEqual(tableProblems(wrongDefaults), [
    'PANEL_USER_NETWORK: README.md says users, the schema panel-users',
    'PANEL_CONTAINER_CPUS: README.md says 2, the schema 1',
  ]);
});
