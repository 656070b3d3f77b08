import { DataSource } from 'typeorm';

const LOCK_NAME = 'panel_schema_migrations';

/**
 * Runs pending migrations under a MySQL named lock, so that several processes starting at once
 * (panel-api, workers on several nodes) never run the same migration twice.
 */
export async function runMigrationsLocked(dataSource: DataSource, log: (line: string) => void = () => {}): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ acquired }] = await runner.query('SELECT GET_LOCK(?, 120) AS acquired', [LOCK_NAME]);
    if (Number(acquired) !== 1) throw new Error('Timed out waiting for the schema migration lock');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) log(`applied migration ${migration.name}`);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}

/** The SQL TypeORM would run to make the schema match the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
  return sqlInMemory.upQueries.map((q) => q.query);
}
