/**
 * Creates the first admin account when there is none and prints its login. Run by `npm start`.
 * Usage: node apps/panel-api/dist/cli/create-admin.js [username]
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { loadConfig } from '@panel/config';
import { randomBytes } from 'node:crypto';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import { ConfigModule } from '@panel/nest';
import { PanelDatabaseModule, RedisModule } from '@panel/nest';

async function main() {
  const config = loadConfig();
  const username = process.argv[2] ?? process.env.PANEL_ADMIN_USERNAME ?? 'admin';

  // The accounts module's graph reaches Redis (the PythonAnywhere API's rate limits), as panel-api's does.
  @Module({ imports: [ConfigModule.forRoot(config), PanelDatabaseModule, RedisModule, AccountsModule] })
  class CreateAdminModule {}

  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
  try {
    const accounts = app.get(AccountsService);
    if ((await accounts.countAdmins()) > 0) {
      console.log(`an admin account exists; log in at ${config.api.publicUrl}`);
      return;
    }
    const password = randomBytes(12).toString('base64url');
    await accounts.create(username, password, 'admin', { operator: true });
    console.log(`created the first admin account at ${config.api.publicUrl}\n  username: ${username}\n  password: ${password}\n(change it on the Account page)`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
