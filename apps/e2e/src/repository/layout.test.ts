import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The repository root, from apps/e2e/dist/repository.
const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const dirs = (path: string) => readdirSync(join(root, path), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('the repository says what it holds', () => {
  test('nest-cli.json lists every Nest application and every library, and nothing else', () => {
    const projects = (JSON.parse(read('nest-cli.json')) as { projects: Record<string, { type: string; root: string }> }).projects;
    const apps = dirs('apps').filter((a) => existsSync(join(root, 'apps', a, 'src', 'main.ts')));
    const libs = dirs('libs');
    assert.deepEqual(Object.entries(projects).filter(([, p]) => p.type === 'application').map(([name]) => name).sort(), apps);
    assert.deepEqual(Object.entries(projects).filter(([, p]) => p.type === 'library').map(([name]) => name).sort(), libs);
    for (const [name, project] of Object.entries(projects)) assert.ok(existsSync(join(root, project.root, 'tsconfig.json')), `${name}'s tsconfig exists`);
  });

  test("README's layout names every app and library", () => {
    const readme = read('README.md');
    for (const dir of [...dirs('apps').map((a) => `apps/${a}`), ...dirs('libs').map((l) => `libs/${l}`)]) {
      assert.match(readme, new RegExp(`^${dir}\\s`, 'm'), `README.md's layout has a line for ${dir}`);
    }
  });

  test('docs/ARCHITECTURE.md points at nothing outside the repository, and every file it names exists', () => {
    const doc = read('docs/ARCHITECTURE.md');
    assert.doesNotMatch(doc, /\.\.\/shared|`\.\.\//, 'no path leaves the repository');
    for (const [, path] of doc.matchAll(/`((?:apps|libs|scripts|runtime-images|bench|docs)\/[A-Za-z0-9_./-]+\.[a-z]+)`/g)) {
      assert.ok(existsSync(join(root, path)), `${path}, named in docs/ARCHITECTURE.md, exists`);
    }
  });
});
