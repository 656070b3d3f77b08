import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER } from '@panel/contracts';
import { TokensService } from '../tokens/tokens.service';
import { ADMIN_ONLY, IS_PUBLIC, PanelRequest } from '../common/request-context';
import { safeEqual } from './secrets';
import { SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every request that is not @Public: `Authorization: Token <token>` (the PythonAnywhere API's way)
 * or the dashboard's session cookie. Cookie-authenticated state changes must echo the session's CSRF token in a
 * header, which a cross-site form cannot do.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<PanelRequest>();
    await this.authenticate(request);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && request.auth!.account.role !== 'admin') {
      throw new ForbiddenException('This is for operators (admin accounts) only.');
    }
    return true;
  }

  private async authenticate(request: PanelRequest): Promise<void> {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Token\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new UnauthorizedException('The Authorization header must be "Token <your API token>".');
      const account = await this.tokens.authenticate(match[1]);
      if (!account) throw new UnauthorizedException('Invalid or revoked API token.');
      request.auth = { account, method: 'token' };
      return;
    }
    const cookie = this.sessions.tokenFrom(request.cookies as Record<string, string> | undefined);
    const found = cookie ? await this.sessions.find(cookie) : null;
    if (!found) throw new UnauthorizedException('You are not logged in.');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, found.session.csrfToken)) {
        throw new ForbiddenException(`Missing or wrong CSRF token: send the ${CSRF_HEADER} header from your session.`);
      }
    }
    request.auth = { account: found.account, method: 'session', sessionId: found.session.tokenHash };
  }
}
