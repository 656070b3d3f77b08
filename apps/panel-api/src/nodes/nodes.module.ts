import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeEntity, WebAppEntity } from '@panel/database';
import { NodeDirectory } from './node-directory.service';
import { NodePicker } from './node-picker.service';
import { NodesController } from './nodes.controller';

@Module({
  imports: [TypeOrmModule.forFeature([NodeEntity, WebAppEntity])],
  controllers: [NodesController],
  providers: [NodeDirectory, NodePicker],
  exports: [NodeDirectory, NodePicker],
})
export class NodesModule {}
