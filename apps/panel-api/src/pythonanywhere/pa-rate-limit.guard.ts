import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import { PANEL_CONFIG, REDIS } from '@panel/nest';
import type { Response } from 'express';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { PanelRequest } from '../common/request-context';

/**
 * PythonAnywhere's API limits: per token and per endpoint (method and route), PANEL_PA_RATE_LIMIT_PER_MINUTE
 * requests a minute (PythonAnywhere: 40), PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE for a console's send_input (120);
 * the minute is PANEL_PA_RATE_WINDOW_SECONDS (60).
 * Over it: 429 with Retry-After (seconds until the window ends) and the reason; the window is a fixed minute in Redis
 * that starts at the endpoint's first request. A dashboard session (no token) counts per account.
 */
@Injectable()
export class PaRateLimitGuard implements CanActivate {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PanelRequest>();
    if (!request.auth) return true; // the own-account guard answers it
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const header = request.headers.authorization ?? '';
    const who =
      request.auth.method === 'token' ? `t:${createHash('sha256').update(header.replace(/^\s*token\s+/i, '').trim()).digest('hex').slice(0, 32)}` : `a:${request.auth.account.id}`;
    const limits = this.config.paApi;
    const max = route.endsWith('/send_input') ? limits.sendInputPerMinute : limits.perMinute;
    const key = `panel:pa-rate:${who}:${request.method} ${route}`;
    const [[, count], , [, ttl]] = (await this.redis.multi().incr(key).expire(key, limits.windowSeconds, 'NX').pttl(key).exec()) as [unknown, number][];
    if (count <= max) return true;
    const seconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : limits.windowSeconds * 1000) / 1000));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(`Request was throttled (${max} requests per ${limits.windowSeconds} s for this endpoint). Expected available in ${seconds} seconds.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
