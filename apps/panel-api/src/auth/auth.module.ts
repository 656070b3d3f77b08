import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { LoginRateLimiter } from './login-rate-limiter';

@Module({
  imports: [AccountsModule, TokensModule],
  controllers: [AuthController],
  providers: [LoginRateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
