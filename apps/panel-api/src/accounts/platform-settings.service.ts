import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { PlatformSettingEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';

const SIGNUP_ENABLED = 'signup_enabled';

/**
 * Settings an operator changes on the Admin page while the platform runs. A stored value overrides the environment's
 * (PANEL_SIGNUP_ENABLED is the default until an operator chooses); every panel-api process reads the same row.
 */
@Injectable()
export class PlatformSettingsService {
  constructor(
    @InjectRepository(PlatformSettingEntity) private readonly settings: Repository<PlatformSettingEntity>,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {}

  async signupEnabled(): Promise<boolean> {
    const row = await this.settings.findOneBy({ key: SIGNUP_ENABLED });
    return typeof row?.value === 'boolean' ? row.value : this.config.signupEnabled;
  }

  async setSignupEnabled(enabled: boolean): Promise<void> {
    await this.settings.upsert({ key: SIGNUP_ENABLED, value: enabled }, ['key']);
  }
}
