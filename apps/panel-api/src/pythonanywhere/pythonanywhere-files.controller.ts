import { BadRequestException, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { filePathSchema } from '@panel/contracts';
import { accountContainerHome, folderSnapshot } from '@panel/home-fs';
import type { AccountEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { OwnAccount } from './own-account.guard';
import { ZodQuery } from '../common/zod';
import { sendFile } from '../files/downloads';
import { drained, FilesService } from '../files/files.service';

const TreeQuery = z.object({ path: filePathSchema.refine((p) => p.startsWith('/'), { error: 'path is an absolute path such as /home/<username>/mysite.' }) });

/**
 * PythonAnywhere's files API: /api/v0/user/{username}/files/path{absolute path} (GET a file or a folder listing,
 * POST the multipart field "content", DELETE) and files/tree/?path=. Same safety as the Files tab (FilesService).
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/files')
export class PythonAnywhereFilesController {
  constructor(
    private readonly files: FilesService,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}


  /** The absolute path after .../files/path, decoded from the raw URL (so encoded "/" or ".." cannot hide). */
  private pathOf(req: Request): string {
    const match = /^\/api\/v0\/user\/[^/]+\/files\/path(\/.*)?$/.exec(req.path);
    const raw = match?.[1] ?? '';
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      throw new BadRequestException('The path is not valid URL encoding.');
    }
    if (!path.startsWith('/')) throw new BadRequestException(`Give an absolute path after files/path, such as ${accountContainerHome(String(req.params.username))}/mysite/flask_app.py.`);
    const checked = filePathSchema.safeParse(path);
    if (!checked.success) throw new BadRequestException(checked.error.issues[0].message);
    return path;
  }

  /** A file's content, or a folder's entries as {name: {type, url}}. */
  @Get('path{/*rest}')
  async get(@CurrentAccount() account: AccountEntity, @Req() req: Request, @Res() res: Response) {
    const path = this.pathOf(req);
    const { home, entry } = await this.files.openForDownload(account, path);
    if ('file' in entry) return sendFile(res, entry.file, null);
    try {
      // Names and types from the folder's snapshot (no lstat per entry); the JSON is kept with the snapshot, so an
      // unchanged big folder is answered without any per-entry work.
      const snapshot = await folderSnapshot(entry.directory);
      const folder = home.containerPath(entry.directory.relative);
      const base = `${this.config.api.publicUrl}/api/v0/user/${encodeURIComponent(account.username)}/files/path`;
      const key = `pythonanywhere-listing ${base} ${folder}`;
      let body = snapshot.derived.get(key) as string | undefined;
      if (body === undefined) {
        const prefix = `${base}${folder.split('/').map(encodeURIComponent).join('/')}/`;
        const listing: Record<string, { type: 'file' | 'directory'; url: string }> = {};
        for (const e of snapshot.entries) listing[e.name] = { type: e.type === 'directory' ? 'directory' : 'file', url: `${prefix}${encodeURIComponent(e.name)}` };
        body = JSON.stringify(listing);
        snapshot.derived.set(key, body);
      }
      res.status(200).type('application/json').send(body);
    } finally {
      await entry.directory.close();
    }
  }

  /** Uploads the multipart field "content" to the path (folders are created): 201 for a new file, 200 replaced. */
  @Post('path{/*rest}')
  @ApiConsumes('multipart/form-data')
  async upload(@CurrentAccount() account: AccountEntity, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    let path: string;
    try {
      path = this.pathOf(req);
    } catch (error) {
      await drained(req);
      throw error;
    }
    const result = await this.files.uploadTo(account, path, req);
    res.status(result.created ? 201 : 200);
    return { status: 'OK', path: result.path, size: result.size };
  }

  @Delete('path{/*rest}')
  @HttpCode(204)
  async remove(@CurrentAccount() account: AccountEntity, @Req() req: Request) {
    await this.files.remove(account, this.pathOf(req));
  }

  /** Paths under a folder, depth first, folders ending in "/"; at most 1000. */
  @Get('tree')
  async tree(@CurrentAccount() account: AccountEntity, @ZodQuery(TreeQuery) query: { path: string }) {
    return this.files.tree(account, query.path);
  }
}
