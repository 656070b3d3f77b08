import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiTokenView, CreatedApiTokenView } from '@panel/contracts';
import { AccountEntity, ApiTokenEntity } from '@panel/database';
import { IsNull, Repository } from 'typeorm';
import { randomToken, sha256 } from '../auth/secrets';

const toView = (token: ApiTokenEntity): ApiTokenView => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  createdAt: token.createdAt.toISOString(),
  lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
});

/** API tokens for `Authorization: Token <token>`. The token is shown once; the DB keeps its SHA-256. */
@Injectable()
export class TokensService {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  async create(accountId: number, name: string): Promise<CreatedApiTokenView> {
    const token = `pnl_${randomToken(24)}`;
    const saved = await this.tokens.save(
      this.tokens.create({ accountId, name, prefix: token.slice(0, 10), tokenHash: sha256(token), lastUsedAt: null, revokedAt: null }),
    );
    return { ...toView(saved), token };
  }

  async list(accountId: number): Promise<ApiTokenView[]> {
    const tokens = await this.tokens.find({ where: { accountId, revokedAt: IsNull() }, order: { id: 'DESC' } });
    return tokens.map(toView);
  }

  async revoke(accountId: number, id: number): Promise<void> {
    const result = await this.tokens.update({ id, accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundException(`No API token with id ${id}.`);
  }

  /** Revokes every token of the account (sign out everywhere); returns how many were active. */
  async revokeAll(accountId: number): Promise<number> {
    return (await this.tokens.update({ accountId, revokedAt: IsNull() }, { revokedAt: new Date() })).affected ?? 0;
  }

  async authenticate(token: string): Promise<AccountEntity | null> {
    const found = await this.tokens.findOne({ where: { tokenHash: sha256(token), revokedAt: IsNull() }, relations: { account: true } });
    // A disabled account's tokens are refused (and kept: enabling the account brings them back).
    if (!found?.account || found.account.disabledAt) return null;
    // Recording last use at minute granularity avoids a write per API call.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
      await this.tokens.update({ id: found.id }, { lastUsedAt: new Date() });
    }
    return found.account;
  }
}
