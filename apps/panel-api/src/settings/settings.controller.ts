import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { PublicSettingsView } from '@panel/contracts';
import { Public } from '../common/request-context';
import { ZodResponse } from '../common/zod';
import { PANEL_CONFIG } from '@panel/nest';

@ApiTags('settings')
@Controller('api')
export class SettingsController {
  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {}

  @Public()
  @Get('settings')
  @ZodResponse(200, PublicSettingsView)
  settings(): PublicSettingsView {
    return { signupEnabled: this.config.signupEnabled, appsDomain: this.config.appsDomain };
  }

  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }
}
