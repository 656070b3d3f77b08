import 'reflect-metadata';
import { loadConfigOrExit } from '@panel/config';
import { createApp, listen } from './bootstrap';

async function main() {
  const config = loadConfigOrExit();
  await listen(await createApp(config), config);
}

void main();
