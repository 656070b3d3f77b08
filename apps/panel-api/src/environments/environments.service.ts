import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import {
  CreateEnvironmentRequest,
  EnvironmentFreezeView,
  EnvironmentView,
  JobName,
} from '@panel/contracts';
import { AccountEntity, EnvironmentEntity, JobEntity } from '@panel/database';
import { environmentResourceKey } from '@panel/jobs';
import { accountContainerHome, accountHostHome, freezeLines, HomeFsError, installedDistributions, listVirtualenvs, minorVersion, VirtualenvOnDisk, virtualenvStamp, WORKON_DIR } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { openAccountHome } from '../common/account-home';
import { JobsService } from '../jobs/jobs.service';
import { EnvironmentUsage } from './environment-usage';
import { EnvironmentsException } from './environments.exceptions';

const MAX_REQUIREMENTS_BYTES = 64 * 1024;
/** Freezes kept per panel-api process, by virtualenv, each valid while the virtualenv's stamp is unchanged. */
const FREEZES_KEPT = 500;


/**
 * Virtualenvs of an account. The filesystem (~/.virtualenvs) is the truth for what exists; the environments table
 * adds build status and the latest job, so environments made with mkvirtualenv and from the dashboard are the same.
 */
@Injectable()
export class EnvironmentsService {
  constructor(
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    private readonly jobs: JobsService,
    private readonly usage: EnvironmentUsage,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /** pip freeze by virtualenv, with the stamp it was read at: read again only when site-packages changed. */
  private readonly freezes = new Map<string, { stamp: string; view: EnvironmentFreezeView }>();

  private hostHome(account: AccountEntity) {
    return accountHostHome(this.config, account.username);
  }

  list(account: AccountEntity): Promise<EnvironmentView[]> {
    return this.views(account);
  }

  async get(account: AccountEntity, name: string): Promise<EnvironmentView> {
    const [found] = await this.views(account, name);
    if (!found) throw this.notFound(name);
    return found;
  }

  /**
   * The account's environments, or only the one named: which exist and their Python from ~/.virtualenvs (one entry
   * and pyvenv.cfg each), sizes and package counts as the worker last measured them (never a walk per request).
   */
  private async views(account: AccountEntity, only?: string): Promise<EnvironmentView[]> {
    const [allOnDisk, rows, usedBy] = await Promise.all([
      listVirtualenvs(this.hostHome(account)),
      this.environments.findBy(only === undefined ? { accountId: account.id } : { accountId: account.id, name: only }),
      this.usage.usedByForAccount(account.id),
    ]);
    const onDisk = only === undefined ? allOnDisk : allOnDisk.filter((env) => env.name === only);
    const rowsByName = new Map(rows.map((r) => [r.name, r]));
    const views = onDisk.map((env) => this.toView(account, env, rowsByName.get(env.name), usedBy.get(env.name) ?? []));
    // Builds in progress and failed builds have no directory (yet, or any more) but are shown with their logs.
    for (const row of rows) {
      if (onDisk.some((env) => env.name === row.name) || row.status === 'ready') continue;
      views.push(this.pendingView(account, row, usedBy.get(row.name) ?? []));
    }
    return views.sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(account: AccountEntity, request: CreateEnvironmentRequest): Promise<{ environment: EnvironmentView; job: JobEntity }> {
    const requirements = request.requirementsPath
      ? await this.readRequirementsFile(account, request.requirementsPath)
      : (request.requirements ?? '');
    if ((await listVirtualenvs(this.hostHome(account))).some((env) => env.name === request.name)) {
      throw new EnvironmentsException('ENVIRONMENT_EXISTS', `An environment named "${request.name}" already exists.`);
    }
    const existing = await this.environments.findOneBy({ accountId: account.id, name: request.name });
    if (existing?.status === 'building') throw new EnvironmentsException('ENVIRONMENT_BUSY', `The environment "${request.name}" is being built.`);
    const previous = existing ? { ...existing } : null;
    let row: EnvironmentEntity;
    try {
      row = existing
        ? await this.environments.save(Object.assign(existing, { pythonVersion: request.pythonVersion, status: 'building' as const, lastJobId: null, sizeBytes: null, packageCount: null, measuredAt: null, measuredStamp: null }))
        : await this.environments.save(this.environments.create({ accountId: account.id, name: request.name, pythonVersion: request.pythonVersion, status: 'building', lastJobId: null }));
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') throw new EnvironmentsException('ENVIRONMENT_BUSY', `The environment "${request.name}" is being built.`);
      throw error;
    }
    let job: JobEntity;
    try {
      job = await this.jobs.enqueue(
        JobName.EnvironmentBuild,
        { accountId: account.id, username: account.username, name: request.name, pythonVersion: request.pythonVersion, requirements },
        { accountId: account.id, resourceKey: environmentResourceKey(account.id, request.name) },
      );
    } catch (error) {
      // Refused (the account's queue is full): the row is as it was, so nothing says a build is on its way.
      if (existing) await this.environments.save(Object.assign(row, previous));
      else await this.environments.delete({ id: row.id });
      throw error;
    }
    await this.environments.update({ id: row.id }, { lastJobId: job.id });
    row.lastJobId = job.id;
    return { environment: this.pendingView(account, row, []), job };
  }

  async freeze(account: AccountEntity, name: string): Promise<EnvironmentFreezeView> {
    const env = await this.readyOnDisk(account, name);
    // The stamp (mtimes of pyvenv.cfg and site-packages) changes with every package pip adds or removes.
    const stamp = await virtualenvStamp(env.hostPath);
    const kept = this.freezes.get(env.hostPath);
    if (stamp !== null && kept?.stamp === stamp) return kept.view;
    const lines = freezeLines(await installedDistributions(env.hostPath));
    const view = { packages: lines.map((l) => ({ name: l.split('==')[0], version: l.split('==')[1] })), text: lines.join('\n') + (lines.length ? '\n' : '') };
    if (stamp !== null) {
      this.freezes.delete(env.hostPath);
      if (this.freezes.size >= FREEZES_KEPT) this.freezes.delete(this.freezes.keys().next().value!);
      this.freezes.set(env.hostPath, { stamp, view });
    }
    return view;
  }

  async install(account: AccountEntity, name: string, packages: string[]): Promise<JobEntity> {
    return this.packageJob(account, await this.readyOnDisk(account, name), JobName.EnvironmentInstall, packages);
  }

  async uninstall(account: AccountEntity, name: string, packages: string[]): Promise<JobEntity> {
    return this.packageJob(account, await this.readyOnDisk(account, name), JobName.EnvironmentUninstall, packages);
  }

  /** The environment's jobs (kept after a failed build or a delete); a name the account never used is a 404. */
  async history(account: AccountEntity, name: string): Promise<JobEntity[]> {
    const jobs = await this.jobs.listForResource(account.id, environmentResourceKey(account.id, name), 50);
    if (!jobs.length) await this.get(account, name);
    return jobs;
  }

  /** Deletes the environment's directory; refused while a web app uses it or a job works on it. */
  async delete(account: AccountEntity, name: string): Promise<void> {
    const usedBy = (await this.usage.usedByForAccount(account.id)).get(name) ?? [];
    if (usedBy.length) {
      throw new EnvironmentsException('ENVIRONMENT_IN_USE', `The environment "${name}" is used by the web app${usedBy.length > 1 ? 's' : ''} ${usedBy.join(', ')}. Change ${usedBy.length > 1 ? 'their' : 'its'} virtualenv first.`);
    }
    const row = await this.environments.findOneBy({ accountId: account.id, name });
    if (row?.status === 'building') throw new EnvironmentsException('ENVIRONMENT_BUSY', `The environment "${name}" is being built. Cancel the build first.`);
    if (await this.jobs.hasActiveJob(environmentResourceKey(account.id, name))) {
      throw new EnvironmentsException('ENVIRONMENT_BUSY', `A job is working on "${name}". Wait for it to finish.`);
    }
    const onDisk = (await listVirtualenvs(this.hostHome(account))).find((env) => env.name === name);
    if (!onDisk && !row) throw this.notFound(name);
    if (onDisk) {
      const home = await openAccountHome(this.config, account);
      await home.removeIf(`${WORKON_DIR}/${name}`, 'directory');
    }
    if (row) await this.environments.delete({ id: row.id });
  }

  private async packageJob(account: AccountEntity, env: VirtualenvOnDisk, jobName: JobName.EnvironmentInstall | JobName.EnvironmentUninstall, packages: string[]) {
    const { name } = env;
    const job = await this.jobs.enqueue(
      jobName,
      { accountId: account.id, username: account.username, name, packages },
      { accountId: account.id, resourceKey: environmentResourceKey(account.id, name) },
    );
    await this.environments.upsert(
      { accountId: account.id, name, pythonVersion: env.pythonVersion ?? '', status: 'ready', lastJobId: job.id },
      ['accountId', 'name'],
    );
    return job;
  }

  private async readyOnDisk(account: AccountEntity, name: string): Promise<VirtualenvOnDisk> {
    const env = (await listVirtualenvs(this.hostHome(account))).find((e) => e.name === name);
    if (!env) throw this.notFound(name);
    const row = await this.environments.findOneBy({ accountId: account.id, name });
    if (row?.status === 'building') throw new EnvironmentsException('ENVIRONMENT_BUSY', `The environment "${name}" is being built.`);
    return env;
  }

  /** Reads a requirements file from the home as root, never through a symlink that leads outside it. */
  private async readRequirementsFile(account: AccountEntity, userPath: string): Promise<string> {
    try {
      const home = await openAccountHome(this.config, account);
      const file = await home.openFile(await home.locate(userPath));
      try {
        if (file.stats.size > MAX_REQUIREMENTS_BYTES) throw new EnvironmentsException('ENVIRONMENT_REQUIREMENTS_UNREADABLE', 'A requirements file is limited to 64 KiB.');
        return await file.handle.readFile('utf8');
      } finally {
        await file.handle.close();
      }
    } catch (error) {
      if (error instanceof HomeFsError) {
        throw new EnvironmentsException('ENVIRONMENT_REQUIREMENTS_UNREADABLE', error.code === 'not-found' ? `There is no file at ${userPath} in your home directory.` : error.message);
      }
      throw error;
    }
  }

  private toView(account: AccountEntity, env: VirtualenvOnDisk, row: EnvironmentEntity | undefined, usedBy: string[]): EnvironmentView {
    const building = row?.status === 'building';
    return {
      name: env.name,
      pythonVersion: minorVersion(env.pythonVersion) ?? row?.pythonVersion ?? null,
      path: `${accountContainerHome(account.username)}/${WORKON_DIR}/${env.name}`,
      status: building ? 'building' : env.pythonVersion ? 'ready' : 'broken',
      sizeBytes: row?.measuredAt ? row.sizeBytes : null,
      packageCount: row?.measuredAt ? row.packageCount : null,
      measuredAt: row?.measuredAt?.toISOString() ?? null,
      usedBy,
      lastJobId: row?.lastJobId ?? null,
      createdAt: (row?.createdAt ?? env.createdAt).toISOString(),
    };
  }

  private pendingView(account: AccountEntity, row: EnvironmentEntity, usedBy: string[]): EnvironmentView {
    return {
      name: row.name,
      pythonVersion: row.pythonVersion,
      path: `${accountContainerHome(account.username)}/${WORKON_DIR}/${row.name}`,
      status: row.status === 'failed' ? 'failed' : 'building',
      sizeBytes: null,
      packageCount: null,
      measuredAt: null,
      usedBy,
      lastJobId: row.lastJobId,
      createdAt: row.createdAt.toISOString(),
    };
  }

  private notFound(name: string) {
    return new EnvironmentsException('ENVIRONMENT_NOT_FOUND', `No environment named "${name}".`);
  }
}
