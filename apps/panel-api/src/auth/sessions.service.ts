import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { sessionCookieName } from '@panel/contracts';
import { AccountEntity, SessionEntity } from '@panel/database';
import { LessThan, Not, Repository } from 'typeorm';
import { PANEL_CONFIG } from '@panel/nest';
import { randomToken, sha256 } from './secrets';

export interface SessionWithAccount {
  session: SessionEntity;
  account: AccountEntity;
}

/** Dashboard sessions: the browser keeps a random token in an httpOnly cookie; the DB keeps only its hash. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async create(accountId: number): Promise<{ token: string; session: SessionEntity }> {
    const token = randomToken();
    const session = this.sessions.create({
      tokenHash: sha256(token),
      accountId,
      csrfToken: randomToken(),
      expiresAt: new Date(Date.now() + this.config.sessionTtlHours * 3600_000),
    });
    await this.sessions.insert(session);
    // Opportunistic cleanup keeps the table small without a scheduler.
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return { token, session };
  }

  async find(token: string): Promise<SessionWithAccount | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: sha256(token) }, relations: { account: true } });
    if (!session || !session.account || session.account.disabledAt || session.expiresAt.getTime() < Date.now()) return null;
    return { session, account: session.account };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  /** Ends every session of the account. */
  async deleteAll(accountId: number): Promise<void> {
    await this.sessions.delete({ accountId });
  }

  /** Signs the account out everywhere but the given session (after a password change). */
  async deleteOthers(accountId: number, keepTokenHash: string): Promise<void> {
    await this.sessions.delete({ accountId, tokenHash: Not(keepTokenHash) });
  }

  /** The cookie's name for this platform (see sessionCookieName). */
  get cookieName(): string {
    return sessionCookieName(this.config.cookieSecure);
  }

  /** The session token a request's cookies carry, if any. */
  tokenFrom(cookies: Record<string, string | undefined> | undefined): string | undefined {
    return cookies?.[this.cookieName];
  }

  /** Host-only (no Domain attribute): never sent to a web app on another host or a subdomain. */
  cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.cookieSecure,
      path: '/',
      maxAge: this.config.sessionTtlHours * 3600_000,
    };
  }
}
