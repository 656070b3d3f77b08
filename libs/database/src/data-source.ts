import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for the panel schema. Schema changes only ever happen through committed migrations. */
export function panelDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'mariadb',
    url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    extra: { connectionLimit: 10 },
  };
}

export function createPanelDataSource(databaseUrl: string): DataSource {
  return new DataSource(panelDataSourceOptions(databaseUrl));
}
