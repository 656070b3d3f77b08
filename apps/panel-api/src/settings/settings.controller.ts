import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import { PublicSettingsView } from '@panel/contracts';
import { Public } from '../common/request-context';
import { ZodResponse } from '../common/zod';
import { PANEL_CONFIG } from '@panel/nest';
import { PlatformSettingsService } from '../accounts/platform-settings.service';

@ApiTags('settings')
@Controller('api')
export class SettingsController {
  constructor(
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
    private readonly platformSettings: PlatformSettingsService,
  ) {}

  @Public()
  @Get('settings')
  @ZodResponse(200, PublicSettingsView)
  async settings(): Promise<PublicSettingsView> {
    return { signupEnabled: await this.platformSettings.signupEnabled(), appsDomain: this.config.appsDomain };
  }

  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }
}
