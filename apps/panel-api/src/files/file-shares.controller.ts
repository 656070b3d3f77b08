import { Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { filePathSchema } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAccount, Public } from '../common/request-context';
import { ZodBody, ZodQuery } from '../common/zod';
import { sendFile } from './downloads';
import { FileSharesService } from './file-shares.service';

export const SharePathRequest = z.object({ path: filePathSchema.refine((p) => p.startsWith('/'), { error: 'path is an absolute path such as /home/<username>/notes.txt.' }) });

/** The Files tab's sharing: list, share (201 new, 200 already shared), revoke. */
@ApiTags('files')
@Controller('api/files/shares')
export class FileSharesController {
  constructor(private readonly shares: FileSharesService) {}

  @Get()
  list(@CurrentAccount() account: AccountEntity) {
    return this.shares.list(account);
  }

  @Post()
  async share(@CurrentAccount() account: AccountEntity, @ZodBody(SharePathRequest) body: { path: string }, @Res({ passthrough: true }) res: Response) {
    const { url, created } = await this.shares.share(account, body.path);
    res.status(created ? 201 : 200);
    return { path: body.path, url };
  }

  @Delete()
  @HttpCode(204)
  async unshare(@CurrentAccount() account: AccountEntity, @ZodQuery(SharePathRequest) query: { path: string }) {
    await this.shares.unshare(account, query.path);
  }
}

/**
 * A share link: anyone with it downloads the file as it is now (as an attachment, never rendered on the panel's
 * origin). An unknown or revoked token, or a file that is gone, is the same 404.
 */
@ApiTags('files')
@Controller('api/shares')
export class SharedFileController {
  constructor(private readonly shares: FileSharesService) {}

  @Public()
  @Get(':token')
  async download(@Param('token') token: string, @Res() res: Response) {
    const opened = await this.shares.open(token);
    if (!opened) throw new NotFoundException('This link is not shared (any more).');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "sandbox; default-src 'none'");
    res.setHeader('referrer-policy', 'no-referrer');
    await sendFile(res, opened.file, opened.name);
  }
}
