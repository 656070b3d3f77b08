import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, FileShareEntity } from '@panel/database';
import { PythonAnywhereSharingController } from '../pythonanywhere/pythonanywhere-sharing.controller';
import { FileSharesController, SharedFileController } from './file-shares.controller';
import { FileSharesService } from './file-shares.service';
import { PythonAnywhereFilesController } from '../pythonanywhere/pythonanywhere-files.controller';
import { DiskUsageService } from './disk-usage.service';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

@Module({
  imports: [TypeOrmModule.forFeature([FileShareEntity, AccountEntity])],
  controllers: [FilesController, PythonAnywhereFilesController, FileSharesController, SharedFileController, PythonAnywhereSharingController],
  providers: [FilesService, DiskUsageService, FileSharesService],
  exports: [FilesService],
})
export class FilesModule {}
