/**
 * `npm run restore -- <dir> [--replace]`: brings back the backup in <dir> (a backup folder, or the newest complete
 * one in a folder of backups) on this machine, set up by `npm start` and stopped (see platform-restore.ts).
 */
import 'reflect-metadata';
import { loadConfigOrExit } from '@panel/config';
import { resolve } from 'node:path';
import { restoreBackup } from './platform-restore';

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir || args.some((a) => a.startsWith('--') && a !== '--replace')) throw new Error('usage: npm run restore -- <backup folder> [--replace]');
  await restoreBackup(loadConfigOrExit(), resolve(dir), { replace: args.includes('--replace') }, (line) => console.log(line));
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
