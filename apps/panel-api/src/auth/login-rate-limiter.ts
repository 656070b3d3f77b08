import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import Redis from 'ioredis';
import { PANEL_CONFIG } from '@panel/nest';
import { REDIS } from '@panel/nest';

/**
 * Counts failed logins per username and per client address in Redis, in a fixed window.
 * Over the limit, login answers 429 until the window ends, even with the right password.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  private keys(username: string, ip: string): string[] {
    return [`panel:login-fail:user:${username.toLowerCase()}`, `panel:login-fail:ip:${ip}`];
  }

  async assertAllowed(username: string, ip: string): Promise<void> {
    const counts = await this.redis.mget(...this.keys(username, ip));
    const { maxAttempts } = this.config.login;
    // An address gets more room than one username, since a classroom may share one address.
    const [user, address] = counts.map((c) => Number(c ?? 0));
    if (user >= maxAttempts || address >= maxAttempts * 5) {
      const ttl = await this.redis.ttl(this.keys(username, ip)[user >= maxAttempts ? 0 : 1]);
      throw new HttpException(
        `Too many failed login attempts. Try again in ${Math.max(1, Math.ceil(ttl / 60))} minute(s).`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of this.keys(username, ip)) {
      pipeline.incr(key);
      pipeline.expire(key, this.config.login.windowSeconds, 'NX');
    }
    await pipeline.exec();
  }

  async reset(username: string): Promise<void> {
    await this.redis.del(this.keys(username, '')[0]);
  }
}
