/**
 * Writes a migration with the SQL that brings the schema (after the committed migrations) to the entities.
 * `npm run migration:generate -- AddSomething`. Runs against a scratch database that it creates and drops.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@panel/config';
import { createPanelDataSource } from '../data-source';
import { withScratchDatabase } from '../scratch-database';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate <PascalCaseName>');
  const config = loadConfig();
  await withScratchDatabase(config.databaseUrl, async (url) => {
  const dataSource = await createPanelDataSource(url).initialize();
  try {
    await dataSource.runMigrations();
    const log = await dataSource.driver.createSchemaBuilder().log();
    if (!log.upQueries.length) {
      console.log('entities and migrations agree: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
    const up = log.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const down = log.downQueries.reverse().map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const fileBase = `${timestamp}-${name}`;
    const dir = join(__dirname, '..', '..', 'src', 'migrations');
    writeFileSync(
      join(dir, `${fileBase}.ts`),
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    writeMigrationIndex(dir);
    console.log(`wrote src/migrations/${fileBase}.ts (${log.upQueries.length} statements)`);
  } finally {
    await dataSource.destroy();
  }
  });
}

/** migrations/index.ts lists every migration file in timestamp order; it is rewritten from the directory. */
function writeMigrationIndex(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => /^\d+-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const classes = files.map((f) => {
    const [, timestamp, name] = /^(\d+)-([A-Za-z0-9]+)\.ts$/.exec(f)!;
    return { file: f.replace(/\.ts$/, ''), className: `${name}${timestamp}` };
  });
  const imports = classes.map((c) => `import { ${c.className} } from './${c.file}';`).join('\n');
  const list = classes.map((c) => `  ${c.className},`).join('\n');
  writeFileSync(
    join(dir, 'index.ts'),
    `// Every committed migration, in order. Rewritten by \`npm run migration:generate -- <Name>\`.\nimport type { MigrationInterface } from 'typeorm';\n${imports}\n\nexport const MIGRATIONS: (new () => MigrationInterface)[] = [\n${list}\n];\n`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
