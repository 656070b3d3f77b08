import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AccountEntity } from '@panel/database';
import type { Request } from 'express';

export type AuthMethod = 'session' | 'token';

export interface Authenticated {
  account: AccountEntity;
  method: AuthMethod;
  /** Set for session auth: the session's id (its token hash), so logout and password change can act on it. */
  sessionId?: string;
}

export type PanelRequest = Request & { auth?: Authenticated };

export const IS_PUBLIC = 'panel:public';
/** The route needs no signed-in account. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ADMIN_ONLY = 'panel:admin-only';
/** The route is for operators (role admin). */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** The signed-in account of the request. */
export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): AccountEntity => {
  return ctx.switchToHttp().getRequest<PanelRequest>().auth!.account;
});

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): Authenticated => {
  return ctx.switchToHttp().getRequest<PanelRequest>().auth!;
});
