import { Controller, ForbiddenException, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { LoginRequest, SessionView, SignupRequest } from '@panel/contracts';
import type { AccountEntity, SessionEntity } from '@panel/database';
import type { Request, Response } from 'express';
import { AccountsService, toAccountView } from '../accounts/accounts.service';
import { Authenticated, CurrentAuth, Public } from '../common/request-context';
import { TokensService } from '../tokens/tokens.service';
import { ZodBody, ZodResponse } from '../common/zod';
import { PANEL_CONFIG } from '@panel/nest';
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_TTL_SECONDS, LoginRateLimiter } from './login-rate-limiter';
import { timingDummyHash, verifyPassword } from './passwords';
import { SessionsService } from './sessions.service';
import { PlatformSettingsService } from '../accounts/platform-settings.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly tokens: TokensService,
    private readonly settings: PlatformSettingsService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  @Public()
  @Post('signup')
  @ZodResponse(201, SessionView)
  async signup(@ZodBody(SignupRequest) body: SignupRequest, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    if (!(await this.settings.signupEnabled())) throw new ForbiddenException('Sign-up is turned off on this platform. Ask an operator for an account.');
    const account = await this.accounts.create(body.username, body.password);
    return this.startSession(account, res);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ZodResponse(200, SessionView)
  async login(@ZodBody(LoginRequest) body: LoginRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ip = req.ip ?? 'unknown';
    const sentDevice = (req.cookies as Record<string, string> | undefined)?.[KNOWN_DEVICE_COOKIE];
    const device = (await this.rateLimiter.knownDevice(body.username, sentDevice)) ? sentDevice! : null;
    await this.rateLimiter.assertAllowed(body.username, ip, device);
    const account = await this.accounts.findByUsername(body.username);
    const valid = await verifyPassword(account?.passwordHash ?? (await timingDummyHash()), body.password);
    if (!account || !valid) {
      await this.rateLimiter.recordFailure(body.username, ip, device);
      throw new UnauthorizedException('Wrong username or password.');
    }
    // Said only to whoever knows the password: a disabled account is not revealed to anyone guessing.
    if (account.disabledAt) throw new ForbiddenException('This account is disabled. Ask an operator to enable it again.');
    const view = await this.startSession(account, res);
    // Remembers this browser for the username, so strangers' failed attempts never lock it out (LoginRateLimiter).
    const deviceToken = await this.rateLimiter.succeeded(body.username, ip, device);
    res.cookie(KNOWN_DEVICE_COOKIE, deviceToken, { ...this.sessions.cookieOptions(), path: '/api/auth', maxAge: KNOWN_DEVICE_TTL_SECONDS * 1000 });
    return view;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request & { auth?: { sessionId?: string } }, @Res({ passthrough: true }) res: Response) {
    if (req.auth?.sessionId) await this.sessions.delete(req.auth.sessionId);
    res.clearCookie(this.sessions.cookieName, { path: '/', secure: this.config.cookieSecure });
  }

  /**
   * For a session or token that may have leaked: ends every session of the account (this one too), revokes every
   * API token and forgets every browser that logged in, so only the password opens the account again.
   */
  @Post('sign-out-everywhere')
  @HttpCode(204)
  async signOutEverywhere(@CurrentAuth() auth: Authenticated, @Res({ passthrough: true }) res: Response) {
    await this.tokens.revokeAll(auth.account.id);
    await this.sessions.deleteAll(auth.account.id);
    await this.rateLimiter.forgetDevices(auth.account.username);
    res.clearCookie(this.sessions.cookieName, { path: '/', secure: this.config.cookieSecure });
  }

  @Public()
  @Get('session')
  @ZodResponse(200, SessionView)
  async session(@Req() req: Request): Promise<SessionView> {
    const token = this.sessions.tokenFrom(req.cookies as Record<string, string> | undefined);
    const found = token ? await this.sessions.find(token) : null;
    if (!found) throw new UnauthorizedException('You are not logged in.');
    return this.toView(found.account, found.session);
  }

  private async startSession(account: AccountEntity, res: Response): Promise<SessionView> {
    const { token, session } = await this.sessions.create(account.id);
    res.cookie(this.sessions.cookieName, token, this.sessions.cookieOptions());
    return this.toView(account, session);
  }

  private async toView(account: AccountEntity, session: SessionEntity): Promise<SessionView> {
    return {
      account: toAccountView(account),
      csrfToken: session.csrfToken,
      signupEnabled: await this.settings.signupEnabled(),
      appsDomain: this.config.appsDomain,
    };
  }
}
