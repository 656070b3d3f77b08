import { BadRequestException, ConflictException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { AccountRole, AccountView, usernameProblem } from '@panel/contracts';
import { AccountEntity } from '@panel/database';
import { DataSource, Repository } from 'typeorm';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { PANEL_CONFIG } from '@panel/nest';
import { ensureHomeDirectory } from '@panel/home-fs';

export function toAccountView(account: AccountEntity): AccountView {
  return {
    id: account.id,
    username: account.username,
    role: account.role,
    uid: account.uid!,
    createdAt: account.createdAt.toISOString(),
  };
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly dataSource: DataSource,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  /**
   * Creates the account, fixes its uid (uid base + id) and makes its home directory. A reserved username is refused
   * here too, whoever asks; `operator` (create-admin) may use a staff name such as `admin`.
   */
  async create(username: string, password: string, role: AccountRole = 'user', options: { operator?: boolean } = {}): Promise<AccountEntity> {
    const problem = usernameProblem(username, options);
    if (problem) throw new BadRequestException(problem);
    if (await this.accounts.existsBy({ username })) throw this.taken(username);
    const passwordHash = await hashPassword(password);
    let account: AccountEntity;
    try {
      account = await this.dataSource.transaction(async (manager) => {
        const created = await manager.save(manager.create(AccountEntity, { username, passwordHash, role }));
        created.uid = this.config.uidBase + created.id;
        return manager.save(created);
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') throw this.taken(username);
      throw error;
    }
    await ensureHomeDirectory(this.config.homesDir, account.username, account.uid!);
    return account;
  }

  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ username });
  }

  list(): Promise<AccountEntity[]> {
    return this.accounts.find({ order: { id: 'ASC' } });
  }

  countAdmins(): Promise<number> {
    return this.accounts.countBy({ role: 'admin' });
  }

  async changePassword(account: AccountEntity, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await verifyPassword(account.passwordHash, currentPassword))) {
      throw new UnauthorizedException('Your current password is not right.');
    }
    await this.accounts.update({ id: account.id }, { passwordHash: await hashPassword(newPassword) });
  }

  private taken(username: string) {
    return new ConflictException(`The username "${username}" is taken. Choose another one.`);
  }
}
