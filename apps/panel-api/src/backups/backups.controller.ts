import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BackupsView } from '@panel/contracts';
import { AdminOnly } from '../common/request-context';
import { ZodResponse } from '../common/zod';
import { BackupsService } from './backups.service';

/** Backups are made by `npm run backup` on the machine (cron or a systemd timer); the Admin page shows how they went. */
@ApiTags('admin')
@Controller('api/admin/backups')
@AdminOnly()
export class BackupsController {
  constructor(private readonly backups: BackupsService) {}

  @Get()
  @ZodResponse(200, BackupsView)
  overview(): Promise<BackupsView> {
    return this.backups.overview();
  }
}
