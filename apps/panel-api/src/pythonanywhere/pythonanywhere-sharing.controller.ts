import { Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@panel/database';
import type { Response } from 'express';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodQuery } from '../common/zod';
import { SharePathRequest } from '../files/file-shares.controller';
import { FileSharesService } from '../files/file-shares.service';
import { OwnAccount } from './own-account.guard';

/**
 * PythonAnywhere's files/sharing/: POST {"path"} shares a file (201 new, 200 already shared) and answers {"url"}
 * relative to the panel's address (the client joins it to the API's host); GET ?path= gives it (404 when not
 * shared); DELETE ?path= revokes it (204).
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/files/sharing')
export class PythonAnywhereSharingController {
  constructor(private readonly shares: FileSharesService) {}

  @Post()
  async share(@CurrentAccount() account: AccountEntity, @ZodBody(SharePathRequest) body: { path: string }, @Res({ passthrough: true }) res: Response) {
    const { url, created } = await this.shares.share(account, body.path);
    res.status(created ? 201 : 200);
    return { url };
  }

  @Get()
  get(@CurrentAccount() account: AccountEntity, @ZodQuery(SharePathRequest) query: { path: string }) {
    return this.shares.get(account, query.path);
  }

  @Delete()
  @HttpCode(204)
  async unshare(@CurrentAccount() account: AccountEntity, @ZodQuery(SharePathRequest) query: { path: string }) {
    await this.shares.unshare(account, query.path);
  }
}
