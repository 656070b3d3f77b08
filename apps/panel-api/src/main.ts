import 'reflect-metadata';
import { ConfigError, loadConfig } from '@panel/config';
import { createApp, listen } from './bootstrap';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  await listen(await createApp(config), config);
}

void main();
