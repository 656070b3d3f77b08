/** Applies pending panel migrations (under a lock). `npm run migration:run`. */
import { loadConfig } from '@panel/config';
import { createPanelDataSource } from '../data-source';
import { runMigrationsLocked } from '../migrate';

async function main() {
  const config = loadConfig();
  const dataSource = await createPanelDataSource(config.databaseUrl).initialize();
  try {
    const applied = await runMigrationsLocked(dataSource, (line) => console.log(line));
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'panel schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
