import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { DATABASE_HOSTS } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { accountContainerHome, ensureAccountWebDirs, ensureHomeDirectory, HomeFs } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { dirname } from 'node:path';
import { Repository } from 'typeorm';
import { JobFailure } from '../jobs/job-handler';
import { ensureIdentityFiles } from './account-identity';

/**
 * How an account appears inside its containers (consoles, jobs, web apps alike): its uid, its home bind-mounted at
 * /home/<username>, its WSGI files at /var/www and web app logs at /var/log (as on PythonAnywhere), its name in
 * /etc/passwd and /etc/group, its env.
 */
export interface AccountWorkspace {
  account: AccountEntity;
  /** The home on this host (under PANEL_DATA_DIR/home). */
  hostHome: string;
  user: string;
  homeInContainer: string;
  binds: string[];
  env: Record<string, string>;
}

/** Safe file operations as root in the account's home (see HomeFs). */
export const workspaceHomeFs = (workspace: AccountWorkspace) => HomeFs.open(dirname(workspace.hostHome), workspace.account.username, workspace.account.uid!);

@Injectable()
export class AccountWorkspaces {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async forAccount(accountId: number): Promise<AccountWorkspace> {
    const account = await this.accounts.findOneBy({ id: accountId });
    if (!account?.uid) throw new JobFailure(`The account ${accountId} no longer exists.`);
    const hostHome = await ensureHomeDirectory(this.config.homesDir, account.username, account.uid);
    const webDirs = await ensureAccountWebDirs(this.config, account.username, account.uid);
    const homeInContainer = accountContainerHome(account.username);
    const identity = await ensureIdentityFiles(this.config.runtimeDir, account.username, account.uid, homeInContainer);
    return {
      account,
      hostHome,
      user: `${account.uid}:${account.uid}`,
      homeInContainer,
      binds: [`${hostHome}:${homeInContainer}`, `${webDirs.www}:/var/www`, `${webDirs.log}:/var/log`, `${identity.passwd}:/etc/passwd:ro`, `${identity.group}:/etc/group:ro`],
      env: {
        HOME: homeInContainer,
        USER: account.username,
        LOGNAME: account.username,
        LANG: 'C.UTF-8',
        // psql, pg_dump and psycopg2 connect to the account's PostgreSQL role without options (password: ~/.pgpass).
        PGHOST: DATABASE_HOSTS.postgres,
        PGPORT: new URL(this.config.postgresUrl).port || '5432',
        PGUSER: account.username,
        PGDATABASE: `${account.username}$default`,
        // libpq cannot find the home of a uid without a passwd entry by itself.
        PGPASSFILE: `${homeInContainer}/.pgpass`,
        ...(this.config.pipIndexUrl ? { PIP_NO_INDEX: '0', PIP_INDEX_URL: this.config.pipIndexUrl } : {}),
      },
    };
  }
}
