import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { JobName, JobPayload } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { accountWebDirs, removeTreeNoFollow } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { basename, dirname, join } from 'node:path';
import { Repository } from 'typeorm';
import { CaddyIngress } from '../ingress/caddy-ingress.service';
import { HandlesJob, JobContext, JobHandler } from '../jobs/job-handler';
import { NODE_RUNTIME, NodeRuntime, WorkloadKind } from '../node-runtime/node-runtime';

const ACCOUNT_KINDS: Exclude<WorkloadKind, 'job'>[] = ['console', 'webapp', 'alwayson'];

/**
 * The last step of deleting an account, on its home node (the API has already dropped its databases and database
 * users and deleted its web apps, tasks, tokens and sessions): every container of the account on this node is
 * removed, then its home, its /var/www and /var/log directories and its passwd files, each through the no-follow
 * removal (whatever the account put in them, symlinks included, cannot make root delete anything elsewhere), and
 * last its row, which takes its consoles, environments and usage rows with it. Every step is idempotent: a retried
 * job finishes what a killed one started.
 */
@Injectable()
@HandlesJob(JobName.AccountDelete)
export class AccountDeleteHandler implements JobHandler<JobName.AccountDelete> {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @Inject(NODE_RUNTIME) private readonly runtime: NodeRuntime,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    private readonly ingress: CaddyIngress,
  ) {}

  async handle(payload: JobPayload<JobName.AccountDelete>, context: JobContext): Promise<void> {
    const { accountId, username } = payload;
    let removed = 0;
    for (const kind of ACCOUNT_KINDS) {
      const workloads = await this.runtime.list({ kind, accountId });
      await Promise.all(workloads.map((w) => this.runtime.stopAndRemove(w.id, 2)));
      removed += workloads.length;
    }
    await context.log(`[panel] ${removed} container(s) of ${username} removed\n`);
    const web = accountWebDirs(this.config, username);
    const trees = [join(this.config.homesDir, username), web.www, web.log, join(this.config.runtimeDir, 'accounts', username)];
    for (const tree of trees) await removeTreeNoFollow(dirname(tree), basename(tree));
    await context.log(`[panel] home, /var/www, /var/log and passwd files of ${username} removed\n`);
    await this.accounts.delete({ id: accountId, username });
    await this.ingress.sync();
    await context.log(`[panel] account ${username} deleted\n`);
  }
}
