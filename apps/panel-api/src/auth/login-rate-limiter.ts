import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import Redis from 'ioredis';
import { PANEL_CONFIG } from '@panel/nest';
import { REDIS } from '@panel/nest';
import { randomToken, sha256 } from './secrets';

/** How long a browser that logged in stays known to that username. */
export const KNOWN_DEVICE_TTL_SECONDS = 90 * 24 * 3600;
export const KNOWN_DEVICE_COOKIE = 'panel_device';

interface Limit {
  key: string;
  max: number;
}

/**
 * Brute-force protection that hands nobody a lock-out button. Failed logins are counted in Redis, in a window:
 * - from a browser that has logged in as this username before (a known-device cookie, set on every successful
 *   login), only that browser's own failures count, so strangers' wrong passwords never lock the owner out;
 * - from anyone else, per username and address (one address guessing one username), per address (one address
 *   guessing many), and per username across all addresses (many addresses guessing one).
 * Over a limit, login answers 429 until the window ends, even with the right password.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  private deviceKey(username: string) {
    return `panel:login-devices:${username.toLowerCase()}`;
  }

  /** Whether this browser's device token belongs to a past login of this username. */
  async knownDevice(username: string, deviceToken: string | undefined): Promise<boolean> {
    if (!deviceToken) return false;
    return (await this.redis.zscore(this.deviceKey(username), sha256(deviceToken))) !== null;
  }

  private limits(username: string, ip: string, deviceToken: string | null): Limit[] {
    const user = username.toLowerCase();
    const { maxAttempts } = this.config.login;
    if (deviceToken) return [{ key: `panel:login-fail:device:${sha256(deviceToken)}`, max: maxAttempts }];
    return [
      { key: `panel:login-fail:pair:${user}:${ip}`, max: maxAttempts },
      // An address gets more room than one username, since a classroom may share one address.
      { key: `panel:login-fail:ip:${ip}`, max: maxAttempts * 5 },
      { key: `panel:login-fail:user:${user}`, max: maxAttempts * 5 },
    ];
  }

  async assertAllowed(username: string, ip: string, knownDevice: string | null): Promise<void> {
    const limits = this.limits(username, ip, knownDevice);
    const counts = (await this.redis.mget(...limits.map((l) => l.key))).map((c) => Number(c ?? 0));
    const over = limits.findIndex((limit, i) => counts[i] >= limit.max);
    if (over < 0) return;
    const ttl = await this.redis.ttl(limits[over].key);
    throw new HttpException(`Too many failed login attempts. Try again in ${Math.max(1, Math.ceil(ttl / 60))} minute(s).`, HttpStatus.TOO_MANY_REQUESTS);
  }

  async recordFailure(username: string, ip: string, knownDevice: string | null): Promise<void> {
    const pipeline = this.redis.multi();
    for (const { key } of this.limits(username, ip, knownDevice)) {
      pipeline.incr(key);
      pipeline.expire(key, this.config.login.windowSeconds, 'NX');
    }
    await pipeline.exec();
  }

  /**
   * After a successful login: the failures of the counter it went through are forgotten (the browser's own, or the
   * username and address pair's; never what strangers at the same address ran up through another counter) and the
   * browser is known to the username.
   */
  async succeeded(username: string, ip: string, knownDevice: string | null): Promise<string> {
    const token = knownDevice ?? randomToken();
    const key = this.deviceKey(username);
    const now = Date.now();
    await this.redis
      .multi()
      .del(this.limits(username, ip, knownDevice)[0].key)
      .zadd(key, now, sha256(token))
      .zremrangebyscore(key, 0, now - KNOWN_DEVICE_TTL_SECONDS * 1000)
      // A username keeps its 50 most recent browsers.
      .zremrangebyrank(key, 0, -51)
      .expire(key, KNOWN_DEVICE_TTL_SECONDS)
      .exec();
    return token;
  }

  /** "Sign out everywhere": no browser stays known. */
  async forgetDevices(username: string): Promise<void> {
    await this.redis.del(this.deviceKey(username));
  }
}
