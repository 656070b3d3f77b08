import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccountEntity, FileShareEntity } from '@panel/database';
import { accountContainerHome, HomeFsError, HomePathError } from '@panel/home-fs';
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Repository } from 'typeorm';
import { FilesException } from './files.exceptions';
import { FilesService } from './files.service';

/** Where a share link points (relative to the panel's address, as PythonAnywhere's sharing API answers). */
export const shareUrlPath = (token: string) => `/api/shares/${token}/`;

const pathHash = (path: string) => createHash('sha256').update(path).digest('hex');

/**
 * Files shared by link: a regular file of the account's home (never /var/www or /var/log, never another account's),
 * recorded with an unguessable token. The link reads the file as it is when it is opened, through the no-follow
 * layer (a path that became a symlink or a folder is refused); revoking deletes the record.
 */
@Injectable()
export class FileSharesService {
  constructor(
    private readonly files: FilesService,
    @InjectRepository(FileShareEntity) private readonly shares: Repository<FileShareEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  /** The canonical /home/<username>/... path of a regular file of the home, or a refusal. */
  private async canonicalFile(account: AccountEntity, path: string): Promise<string> {
    const home = accountContainerHome(account.username);
    if (path !== home && !path.startsWith(`${home}/`)) throw new HomeFsError('not-found', `${path} does not exist.`);
    const { home: tree, relative, entry } = await this.files.openForDownload(account, path);
    if ('file' in entry) {
      await entry.file.handle.close();
      return tree.containerPath(relative);
    }
    await entry.directory.close();
    throw new FilesException('FILES_SHARE_NOT_A_FILE', `${path} is a folder: only a file can be shared.`);
  }

  /** Shares the file (created: true) or gives its existing share. */
  async share(account: AccountEntity, path: string): Promise<{ url: string; created: boolean }> {
    const canonical = await this.canonicalFile(account, path);
    const existing = await this.shares.findOneBy({ accountId: account.id, pathHash: pathHash(canonical) });
    if (existing) return { url: shareUrlPath(existing.token), created: false };
    const token = randomBytes(24).toString('base64url');
    try {
      await this.shares.insert({ accountId: account.id, path: canonical, pathHash: pathHash(canonical), token });
    } catch (error) {
      // Shared by a concurrent request meanwhile: that share is the one.
      const raced = await this.shares.findOneBy({ accountId: account.id, pathHash: pathHash(canonical) });
      if (raced) return { url: shareUrlPath(raced.token), created: false };
      throw error;
    }
    return { url: shareUrlPath(token), created: true };
  }

  private async find(account: AccountEntity, path: string): Promise<FileShareEntity> {
    const share = await this.shares.findOneBy({ accountId: account.id, pathHash: pathHash(posix.normalize(path).replace(/(.)\/+$/, '$1')) });
    if (!share) throw new FilesException('FILES_NOT_SHARED', `${path} is not shared.`);
    return share;
  }

  async get(account: AccountEntity, path: string): Promise<{ url: string }> {
    return { url: shareUrlPath((await this.find(account, path)).token) };
  }

  async unshare(account: AccountEntity, path: string): Promise<void> {
    await this.shares.delete({ id: (await this.find(account, path)).id });
  }

  /** Every file the account shares, for the Files tab. */
  async list(account: AccountEntity): Promise<{ path: string; url: string; createdAt: string }[]> {
    const rows = await this.shares.find({ where: { accountId: account.id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ path: r.path, url: shareUrlPath(r.token), createdAt: r.createdAt.toISOString() }));
  }

  /**
   * The shared file opened for reading now, for the public link; null (a 404) for an unknown token, a disabled
   * account, or a path that is no longer a regular file of that account's home.
   */
  async open(token: string) {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
    const share = await this.shares.findOneBy({ token });
    if (!share) return null;
    const account = await this.accounts.findOneBy({ id: share.accountId });
    if (!account || account.disabledAt || account.uid === null) return null;
    const home = accountContainerHome(account.username);
    if (!share.path.startsWith(`${home}/`)) return null;
    try {
      const { entry } = await this.files.openForDownload(account, share.path);
      if ('file' in entry) return { file: entry.file, name: share.path.slice(share.path.lastIndexOf('/') + 1) };
      await entry.directory.close();
      return null;
    } catch (error) {
      if (error instanceof HomeFsError || error instanceof HomePathError) return null;
      throw error;
    }
  }
}
