import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiTokenView, CreateApiTokenRequest, CreatedApiTokenView } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodResponse } from '../common/zod';
import { TokensService } from './tokens.service';

@ApiTags('account')
@Controller('api/account/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ZodResponse(200, z.array(ApiTokenView))
  list(@CurrentAccount() account: AccountEntity) {
    return this.tokens.list(account.id);
  }

  @Post()
  @ZodResponse(201, CreatedApiTokenView, 'The whole token appears only in this response.')
  create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateApiTokenRequest) body: CreateApiTokenRequest) {
    return this.tokens.create(account.id, body.name);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentAccount() account: AccountEntity, @Param('id', ParseIntPipe) id: number) {
    return this.tokens.revoke(account.id, id);
  }
}
