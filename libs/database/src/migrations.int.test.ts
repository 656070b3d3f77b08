import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@panel/config';
import { createPanelDataSource } from './data-source';
import { pendingSchemaChanges, runMigrationsLocked } from './migrate';
import { withScratchDatabase } from './scratch-database';

test('the committed migrations produce exactly the schema the entities describe', async () => {
  await withScratchDatabase(loadConfig().databaseUrl, async (url) => {
    const dataSource = await createPanelDataSource(url).initialize();
    try {
      const applied = await runMigrationsLocked(dataSource);
      assert.ok(applied.length > 0, 'a fresh database gets every migration');
      assert.deepEqual(await pendingSchemaChanges(dataSource), [], 'entities and migrations disagree: run npm run migration:generate');
      assert.deepEqual(await runMigrationsLocked(dataSource), [], 'a second run applies nothing');
    } finally {
      await dataSource.destroy();
    }
  });
});

test('every migration can be reverted', async () => {
  await withScratchDatabase(loadConfig().databaseUrl, async (url) => {
    const dataSource = await createPanelDataSource(url).initialize();
    try {
      const applied = await runMigrationsLocked(dataSource);
      for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
      const tables = await dataSource.query('SHOW TABLES');
      assert.deepEqual(tables.map((row: Record<string, string>) => Object.values(row)[0]), ['migrations']);
    } finally {
      await dataSource.destroy();
    }
  });
});
