import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, ConsoleEntity, PlatformSettingEntity, SessionEntity, WebAppEntity } from '@panel/database';
import { FilesModule } from '../files/files.module';
import { SessionsService } from '../auth/sessions.service';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AccountUsageService } from './account-usage.service';
import { PlatformSettingsService } from './platform-settings.service';
import { CpuUsageService } from './cpu-usage.service';
import { PythonAnywhereCpuController } from '../pythonanywhere/pythonanywhere-cpu.controller';
import { PythonAnywhereDefaultsController } from '../pythonanywhere/pythonanywhere-defaults.controller';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, SessionEntity, ConsoleEntity, WebAppEntity, PlatformSettingEntity]), FilesModule],
  controllers: [AccountsController, PythonAnywhereCpuController, PythonAnywhereDefaultsController],
  providers: [AccountsService, SessionsService, AccountUsageService, PlatformSettingsService, CpuUsageService],
  exports: [AccountsService, SessionsService, AccountUsageService, PlatformSettingsService],
})
export class AccountsModule {}
