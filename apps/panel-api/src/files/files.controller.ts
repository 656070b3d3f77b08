import { Controller, Delete, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  CreateFileEntryRequest,
  DirectoryListingView,
  DiskUsageView,
  FileContentView,
  FileEntryView,
  FilePathQuery,
  ListFilesQuery,
  RecentFilesQuery,
  RenameFileEntryRequest,
  SaveFileQuery,
  SaveFileResult,
  UploadQuery,
  UploadResult,
} from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { splitRelative } from '@panel/home-fs';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { ZodBody, ZodQuery, ZodResponse } from '../common/zod';
import { sendArchive, sendFile } from './downloads';
import { FilesService } from './files.service';

const RequiredPathQuery = z.object({ path: FilePathQuery.shape.path.refine((p) => p.trim() !== '', { error: 'Give a path.' }) });

/** The dashboard's Files tab: paths are relative to the home or absolute (/home/<username>/...). */
@ApiTags('files')
@Controller('api/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /**
   * A page of a folder's entries (the home when no path is given), folders first, then by name: `limit` entries
   * (500 unless asked) after the cursor `after` (a previous page's nextCursor).
   */
  @Get()
  @ZodResponse(200, DirectoryListingView)
  list(@CurrentAccount() account: AccountEntity, @ZodQuery(ListFilesQuery) query: ListFilesQuery) {
    return this.files.list(account, query.path, { limit: query.limit, after: query.after ?? null });
  }

  /** Deletes a file, a symlink (not what it points to) or a folder with everything in it. */
  @Delete()
  @HttpCode(204)
  async remove(@CurrentAccount() account: AccountEntity, @ZodQuery(RequiredPathQuery) query: { path: string }) {
    await this.files.remove(account, query.path);
  }

  /** A text file for the editor (UTF-8, at most 5 MiB) with its version. */
  @Get('content')
  @ZodResponse(200, FileContentView)
  read(@CurrentAccount() account: AccountEntity, @ZodQuery(RequiredPathQuery) query: { path: string }) {
    return this.files.readText(account, query.path);
  }

  /**
   * Saves a file: the request body is its new content (any bytes, at most 100 MiB). With expectedVersion, a file
   * that changed on disk since it was opened is not overwritten (409). 201 when the file is new.
   */
  @Put('content')
  @ApiConsumes('application/octet-stream', 'text/plain')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ZodResponse(200, SaveFileResult)
  async save(
    @CurrentAccount() account: AccountEntity,
    @ZodQuery(SaveFileQuery) query: SaveFileQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.files.save(account, query.path, req, { expectedVersion: query.expectedVersion });
    res.status(result.created ? 201 : 200);
    return result;
  }

  /** Creates an empty file or a folder in a folder. */
  @Post('entries')
  @ZodResponse(201, FileEntryView)
  create(@CurrentAccount() account: AccountEntity, @ZodBody(CreateFileEntryRequest) body: CreateFileEntryRequest) {
    return this.files.createEntry(account, body.directory, body.name, body.type);
  }

  /** Renames a file or folder within its folder; an existing name is not replaced. */
  @Post('rename')
  @HttpCode(200)
  @ZodResponse(200, FileEntryView)
  rename(@CurrentAccount() account: AccountEntity, @ZodBody(RenameFileEntryRequest) body: RenameFileEntryRequest) {
    return this.files.rename(account, body.path, body.newName);
  }

  /** Uploads files (multipart/form-data, any field name, at most 100 MiB each) into a folder; all or nothing. */
  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ZodResponse(201, UploadResult)
  upload(@CurrentAccount() account: AccountEntity, @ZodQuery(UploadQuery) query: { directory: string }, @Req() req: Request) {
    return this.files.upload(account, query.directory, req);
  }

  /** A file as it is, or a folder as a streamed .tar.gz. */
  @Get('download')
  async download(@CurrentAccount() account: AccountEntity, @ZodQuery(FilePathQuery) query: FilePathQuery, @Res() res: Response) {
    const { home, relative, entry } = await this.files.openForDownload(account, query.path);
    const name = relative ? splitRelative(relative).name : account.username;
    if ('file' in entry) await sendFile(res, entry.file, name);
    else await sendArchive(res, home, entry.directory, name);
  }

  /** The home's files modified last, newest first (for the dashboard's overview). */
  @Get('recent')
  @ZodResponse(200, z.array(FileEntryView))
  recent(@CurrentAccount() account: AccountEntity, @ZodQuery(RecentFilesQuery) query: RecentFilesQuery) {
    return this.files.recent(account, query.limit);
  }

  @Get('usage')
  @ZodResponse(200, DiskUsageView)
  usage(@CurrentAccount() account: AccountEntity) {
    return this.files.diskUsage(account);
  }
}
