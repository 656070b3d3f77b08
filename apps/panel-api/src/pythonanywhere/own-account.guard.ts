import { applyDecorators, CanActivate, ExecutionContext, Injectable, NotFoundException, UseGuards } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { PanelRequest } from '../common/request-context';
import { PaRateLimitGuard } from './pa-rate-limit.guard';

/**
 * PythonAnywhere's API names the account in its paths (/api/v0/user/{username}/...): a request may name only the
 * account it authenticated as. Another account's path answers exactly like a missing resource (404 "Not found."),
 * so usernames cannot be probed. Runs after the global AuthGuard, before the route's pipes and handler.
 */
@Injectable()
export class OwnAccountGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<PanelRequest>();
    if (!request.auth || request.auth.account.username !== request.params.username) throw new NotFoundException('Not found.');
    return true;
  }
}

/** On a controller under /api/v0/user/:username: every route answers only for the caller's own {username}, within PythonAnywhere's rate limits. */
export const OwnAccount = () =>
  applyDecorators(UseGuards(OwnAccountGuard, PaRateLimitGuard), ApiParam({ name: 'username', type: String, description: "Your username (another account's is a 404)." }));
