import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRunEntity } from '@panel/database';
import { BackupsController } from './backups.controller';
import { BackupsService } from './backups.service';

@Module({
  imports: [TypeOrmModule.forFeature([BackupRunEntity])],
  controllers: [BackupsController],
  providers: [BackupsService],
})
export class BackupsModule {}
