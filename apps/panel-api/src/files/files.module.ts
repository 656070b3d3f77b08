import { Module } from '@nestjs/common';
import { PythonAnywhereFilesController } from '../pythonanywhere/pythonanywhere-files.controller';
import { DiskUsageService } from './disk-usage.service';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

@Module({
  controllers: [FilesController, PythonAnywhereFilesController],
  providers: [FilesService, DiskUsageService],
  exports: [FilesService],
})
export class FilesModule {}
