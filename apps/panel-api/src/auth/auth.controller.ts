import { Controller, ForbiddenException, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { LoginRequest, SESSION_COOKIE, SessionView, SignupRequest } from '@panel/contracts';
import type { AccountEntity, SessionEntity } from '@panel/database';
import type { Request, Response } from 'express';
import { AccountsService, toAccountView } from '../accounts/accounts.service';
import { Public } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { PANEL_CONFIG } from '@panel/nest';
import { LoginRateLimiter } from './login-rate-limiter';
import { timingDummyHash, verifyPassword } from './passwords';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly rateLimiter: LoginRateLimiter,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  @Public()
  @Post('signup')
  @ZodResponse(201, SessionView)
  async signup(@ZodBody(SignupRequest) body: SignupRequest, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    if (!this.config.signupEnabled) throw new ForbiddenException('Sign-up is turned off on this platform. Ask an operator for an account.');
    const account = await this.accounts.create(body.username, body.password);
    return this.startSession(account, res);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ZodResponse(200, SessionView)
  async login(@ZodBody(LoginRequest) body: LoginRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ip = req.ip ?? 'unknown';
    await this.rateLimiter.assertAllowed(body.username, ip);
    const account = await this.accounts.findByUsername(body.username);
    const valid = await verifyPassword(account?.passwordHash ?? (await timingDummyHash()), body.password);
    if (!account || !valid) {
      await this.rateLimiter.recordFailure(body.username, ip);
      throw new UnauthorizedException('Wrong username or password.');
    }
    await this.rateLimiter.reset(body.username);
    return this.startSession(account, res);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request & { auth?: { sessionId?: string } }, @Res({ passthrough: true }) res: Response) {
    if (req.auth?.sessionId) await this.sessions.delete(req.auth.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Public()
  @Get('session')
  @ZodResponse(200, SessionView)
  async session(@Req() req: Request): Promise<SessionView> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const found = token ? await this.sessions.find(token) : null;
    if (!found) throw new UnauthorizedException('You are not logged in.');
    return this.toView(found.account, found.session);
  }

  private async startSession(account: AccountEntity, res: Response): Promise<SessionView> {
    const { token, session } = await this.sessions.create(account.id);
    res.cookie(SESSION_COOKIE, token, this.sessions.cookieOptions());
    return this.toView(account, session);
  }

  private toView(account: AccountEntity, session: SessionEntity): SessionView {
    return {
      account: toAccountView(account),
      csrfToken: session.csrfToken,
      signupEnabled: this.config.signupEnabled,
      appsDomain: this.config.appsDomain,
    };
  }
}
