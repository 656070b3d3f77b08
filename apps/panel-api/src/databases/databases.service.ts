import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import {
  DATABASE_ENGINE_LABELS,
  DatabaseDumpPayload,
  DatabaseEngine,
  DatabaseEngineView,
  DatabaseJobView,
  databaseNameProblem,
  DatabaseRestorePayload,
  DatabasesOverview,
  DatabaseView,
  DUMPS_DIR,
  fullDatabaseName,
  fullDatabaseNameSchema,
  JobName,
} from '@panel/contracts';
import { AccountEntity, JobEntity } from '@panel/database';
import { databaseResourceKey, databaseUploadPath, databaseUploadsDir } from '@panel/jobs';
import { accountContainerHome, accountHostHome, HomePathError, resolveHomePath } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, ReadStream, createReadStream } from 'node:fs';
import { chown, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JobsService } from '../jobs/jobs.service';
import { checkCredentialsFile } from './credentials-file';
import { DatabasesException } from './databases.exceptions';
import { EngineAdmin, NotAccountUserError } from './engine-admin';
import { MysqlAdmin } from './mysql-admin.service';
import { PostgresAdmin } from './postgres-admin.service';

const UPLOAD_MAX_AGE_MS = 24 * 3600 * 1000;

class UploadTooLarge extends Error {}

/**
 * The Databases tab: each account's MySQL user and PostgreSQL role, their `<username>$<name>` databases, and dumps
 * and restores (jobs the worker runs as the account, with the account's own credentials files).
 */
@Injectable()
export class DatabasesService {
  private readonly admins: Record<DatabaseEngine, EngineAdmin>;

  constructor(
    mysql: MysqlAdmin,
    postgres: PostgresAdmin,
    private readonly jobs: JobsService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    this.admins = { mysql, postgres };
  }

  async overview(account: AccountEntity): Promise<DatabasesOverview> {
    const [mysql, postgres] = await Promise.all([this.engineView(account, 'mysql'), this.engineView(account, 'postgres')]);
    return { mysql, postgres };
  }

  async engineView(account: AccountEntity, engine: DatabaseEngine): Promise<DatabaseEngineView> {
    const admin = this.admins[engine];
    let problem = await admin.problem();
    let initialized = false;
    let databases: DatabaseView[] = [];
    if (!problem) {
      const state = await admin.userState(account.username);
      if (state === 'taken') problem = new NotAccountUserError(engine, account.username).message;
      initialized = state === 'account';
      if (initialized) databases = (await admin.listDatabases(account.username)).map((db) => ({ engine, ...db }));
    }
    return {
      engine,
      available: !problem,
      problem,
      initialized,
      host: admin.connection.host,
      port: admin.connection.port,
      username: account.username,
      credentialsFile: `${accountContainerHome(account.username)}/${admin.connection.credentialsFile}`,
      maxConnections: admin.connection.maxConnections,
      defaultDatabase: fullDatabaseName(account.username, 'default'),
      databases,
    };
  }

  /** Creates the account's user (role) with its password, `<username>$default` and the credentials file. */
  async initialize(account: AccountEntity, engine: DatabaseEngine, password: string): Promise<DatabaseEngineView> {
    const admin = await this.available(engine);
    const state = await admin.userState(account.username);
    if (state === 'taken') throw new NotAccountUserError(engine, account.username);
    if (state === 'account') {
      throw new DatabasesException('DATABASE_ALREADY_INITIALIZED', `${DATABASE_ENGINE_LABELS[engine]} is already initialized for your account. To set a new password, use "Change password".`);
    }
    await this.withCredentialsFile(admin, account, () => admin.initialize(account, password));
    return this.engineView(account, engine);
  }

  async setPassword(account: AccountEntity, engine: DatabaseEngine, password: string): Promise<void> {
    const admin = await this.initialized(account, engine);
    await this.withCredentialsFile(admin, account, () => admin.setPassword(account, password));
  }

  async create(account: AccountEntity, engine: DatabaseEngine, suffix: string): Promise<DatabaseView> {
    const problem = databaseNameProblem(account.username, suffix);
    if (problem) throw new DatabasesException('DATABASE_NAME_INVALID', problem);
    const admin = await this.initialized(account, engine);
    const name = await admin.createDatabase(account, suffix, { ifNotExists: false });
    const sizeBytes = engine === 'mysql' ? 0 : ((await admin.listDatabases(account.username)).find((db) => db.name === name)?.sizeBytes ?? 0);
    return { engine, name, sizeBytes };
  }

  /** Deleting is its own explicit request (the dashboard asks to type the name first); never a side effect. */
  async delete(account: AccountEntity, engine: DatabaseEngine, name: string): Promise<void> {
    const admin = await this.existing(account, engine, name);
    if (await this.jobs.hasActiveJob(databaseResourceKey(engine, name))) {
      throw new DatabasesException('DATABASE_BUSY', `A dump or restore of ${name} is queued or running. Wait for it to finish, or cancel it.`);
    }
    await admin.dropDatabase(account.username, name);
  }

  async dump(account: AccountEntity, engine: DatabaseEngine, name: string): Promise<{ job: JobEntity; dump: DatabaseJobView }> {
    await this.existing(account, engine, name);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const job = await this.jobs.enqueue(
      JobName.DatabaseDump,
      { accountId: account.id, username: account.username, engine, database: name, file: `${DUMPS_DIR}/${name}-${stamp}.sql` },
      { accountId: account.id, resourceKey: databaseResourceKey(engine, name) },
    );
    return { job, dump: this.jobView(account, job) };
  }

  /** Streams the request body (the .sql file) to a file of the platform's, size-limited, then starts the restore job. */
  async restore(account: AccountEntity, engine: DatabaseEngine, name: string, request: Request, fileName: string | undefined): Promise<{ job: JobEntity; restore: DatabaseJobView }> {
    await this.existing(account, engine, name);
    const uploadId = await this.saveUpload(account, request);
    try {
      const job = await this.jobs.enqueue(
        JobName.DatabaseRestore,
        { accountId: account.id, username: account.username, engine, database: name, uploadId, fileName: cleanFileName(fileName) },
        { accountId: account.id, resourceKey: databaseResourceKey(engine, name) },
      );
      return { job, restore: this.jobView(account, job) };
    } catch (error) {
      await rm(databaseUploadPath(this.config.dataDir, uploadId), { force: true });
      throw error;
    }
  }

  /** Dumps and restores of one database, newest first (also after the database is gone). */
  async history(account: AccountEntity, engine: DatabaseEngine, name: string): Promise<{ job: JobEntity; view: DatabaseJobView }[]> {
    this.ownName(account, engine, name);
    const jobs = await this.jobs.listForResource(account.id, databaseResourceKey(engine, name), 20);
    return jobs.map((job) => ({ job, view: this.jobView(account, job) }));
  }

  /** A finished dump's file, opened for streaming (never read whole): only a regular file the account owns, in its home. */
  async openDump(account: AccountEntity, jobId: string): Promise<{ stream: ReadStream; size: number; fileName: string }> {
    const job = await this.jobs.getForAccount(account.id, jobId);
    if (job.name !== JobName.DatabaseDump) throw new DatabasesException('DATABASE_DUMP_NOT_FOUND', `No dump with id ${jobId}.`);
    if (job.status !== 'succeeded') throw new DatabasesException('DATABASE_DUMP_NOT_READY', `This dump has not succeeded (it is ${job.status}), so there is no file to download.`);
    const payload = DatabaseDumpPayload.parse(job.payload);
    const missing = () => new DatabasesException('DATABASE_DUMP_MISSING', `The dump file ~/${payload.file} is no longer in your home.`);
    // A dump path that now leads out of the home (a link made since) is a missing dump, not a refused path.
    const path = await resolveHomePath(accountHostHome(this.config, account.username), account.username, payload.file).catch((error: unknown) => {
      throw error instanceof HomePathError ? missing() : error;
    });
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!handle) throw missing();
    const info = await handle.stat();
    // A link swapped in after the check, or a file someone else owns, is not the account's dump.
    if (!info.isFile() || info.uid !== account.uid) {
      await handle.close();
      throw missing();
    }
    // The stream owns the FileHandle and closes it (an fd number alone would be closed twice).
    return { stream: createReadStream('', { fd: handle, autoClose: true }), size: info.size, fileName: basename(payload.file) };
  }

  jobView(account: AccountEntity, job: JobEntity): DatabaseJobView {
    if (job.name === JobName.DatabaseDump) {
      const p = DatabaseDumpPayload.parse(job.payload);
      return {
        jobId: job.id,
        kind: 'dump',
        engine: p.engine,
        database: p.database,
        file: `${accountContainerHome(account.username)}/${p.file}`,
        downloadUrl: job.status === 'succeeded' ? `/api/databases/dumps/${job.id}` : null,
      };
    }
    const p = DatabaseRestorePayload.parse(job.payload);
    return { jobId: job.id, kind: 'restore', engine: p.engine, database: p.database, file: p.fileName, downloadUrl: null };
  }

  private async saveUpload(account: AccountEntity, request: Request): Promise<string> {
    const limit = this.config.databaseUploadMaxBytes;
    const limitText = `${Math.round(limit / 1024 / 1024)} MiB`;
    if (request.is('application/json') || request.is('multipart/*') || request.readableEnded) {
      throw new DatabasesException('DATABASE_RESTORE_BODY_INVALID', 'Send the .sql file itself as the request body (Content-Type: application/sql), not as JSON or a form.');
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw new DatabasesException('DATABASE_RESTORE_TOO_LARGE', `The file is larger than the ${limitText} a restore accepts.`);
    const dir = databaseUploadsDir(this.config.dataDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await this.sweepUploads(dir);
    const uploadId = randomUUID();
    const path = databaseUploadPath(this.config.dataDir, uploadId);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > limit ? new UploadTooLarge() : null, chunk);
      },
    });
    try {
      await pipeline(request, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      if (bytes === 0) throw new DatabasesException('DATABASE_RESTORE_BODY_INVALID', 'The file is empty.');
      // The restore job reads it as the account (bind-mounted read-only); the directory stays root's.
      await chown(path, account.uid!, account.uid!);
      return uploadId;
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof UploadTooLarge) throw new DatabasesException('DATABASE_RESTORE_TOO_LARGE', `The file is larger than the ${limitText} a restore accepts.`);
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted') {
        throw new DatabasesException('DATABASE_RESTORE_INTERRUPTED', 'The upload was interrupted.');
      }
      throw error;
    }
  }

  /** Uploads whose restore never ran (cancelled while queued) go after a day. */
  private async sweepUploads(dir: string) {
    const now = Date.now();
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, entry);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > UPLOAD_MAX_AGE_MS) await rm(path, { force: true });
    }
  }

  private async available(engine: DatabaseEngine): Promise<EngineAdmin> {
    const admin = this.admins[engine];
    const problem = await admin.problem();
    // 409 rather than 503 so the reason reaches the user (5xx carry only an error id).
    if (problem) throw new DatabasesException('DATABASE_ENGINE_UNAVAILABLE', `${DATABASE_ENGINE_LABELS[engine]} is not available on this platform right now. ${problem}`);
    return admin;
  }

  private async initialized(account: AccountEntity, engine: DatabaseEngine): Promise<EngineAdmin> {
    const admin = await this.available(engine);
    if ((await admin.userState(account.username)) !== 'account') {
      throw new DatabasesException('DATABASE_NOT_INITIALIZED', `Initialize ${DATABASE_ENGINE_LABELS[engine]} first: set your ${DATABASE_ENGINE_LABELS[engine]} password on the Databases tab.`);
    }
    return admin;
  }

  /** A name from a path: badly formed is a 400; another account's (or none) is a 404. */
  private ownName(account: AccountEntity, engine: DatabaseEngine, name: string) {
    if (!fullDatabaseNameSchema.safeParse(name).success) throw new DatabasesException('DATABASE_NAME_INVALID', `"${name}" is not a database name: databases are named like ${account.username}$mydb.`);
    if (!name.startsWith(`${account.username}$`)) throw this.notFound(engine, name);
  }

  private async existing(account: AccountEntity, engine: DatabaseEngine, name: string): Promise<EngineAdmin> {
    this.ownName(account, engine, name);
    const admin = await this.initialized(account, engine);
    if (!(await admin.databaseExists(account.username, name))) throw this.notFound(engine, name);
    return admin;
  }

  private async withCredentialsFile(admin: EngineAdmin, account: AccountEntity, change: () => Promise<void>) {
    await checkCredentialsFile(this.config, account, admin.connection.credentialsFile);
    await change();
  }

  private notFound(engine: DatabaseEngine, name: string) {
    return new DatabasesException('DATABASE_NOT_FOUND', `You have no ${DATABASE_ENGINE_LABELS[engine]} database named ${name}.`);
  }
}

/** The uploaded file's name as shown in messages: its last path part, printable, at most 100 characters. */
export function cleanFileName(name: string | undefined): string {
  const cleaned = basename(String(name ?? '').replace(/\\/g, '/'))
    .replace(/[^\x20-\x7e]/g, '_')
    .trim()
    .slice(0, 100);
  return cleaned || 'upload.sql';
}
