import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A throwaway database beside the configured one, for tests and migration generation. */
export async function withScratchDatabase<T>(databaseUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `panel_scratch_${randomBytes(4).toString('hex')}`;
  const admin = await new DataSource({ type: 'mariadb', url: databaseUrl.replace(/^mariadb:/, 'mysql:') }).initialize();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.destroy();
  }
}
