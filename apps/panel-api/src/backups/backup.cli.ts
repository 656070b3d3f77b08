/**
 * `npm run backup -- <dir>`: one backup of the whole platform into a new subfolder of <dir> (see platform-backup.ts).
 * Exits non-zero, saying why, when any part fails; the Admin page shows the outcome either way.
 */
import 'reflect-metadata';
import { loadConfigOrExit } from '@panel/config';
import { resolve } from 'node:path';
import { writeBackup } from './platform-backup';

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npm run backup -- <folder for backups>');
  await writeBackup(loadConfigOrExit(), resolve(dir), (line) => console.log(line));
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
