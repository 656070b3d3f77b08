import type { PanelConfig } from '@panel/config';
import type { AccountEntity } from '@panel/database';
import { HomeFs } from '@panel/home-fs';

/** The account's home, opened for root-safe work in it (HomeFs: nothing followed out of it, errors as HomeFsError). */
export function openAccountHome(config: Pick<PanelConfig, 'homesDir'>, account: AccountEntity): Promise<HomeFs> {
  return HomeFs.open(config.homesDir, account.username, account.uid!);
}
