import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, ConsoleEntity, JobEntity, NodeEntity, WebAppEntity } from '@panel/database';
import { HomeNodes } from './home-nodes.service';
import { NodeAdmin } from './node-admin.service';
import { NodeDirectory } from './node-directory.service';
import { NodesController } from './nodes.controller';

@Module({
  imports: [TypeOrmModule.forFeature([NodeEntity, WebAppEntity, ConsoleEntity, AccountEntity, JobEntity])],
  controllers: [NodesController],
  providers: [NodeDirectory, HomeNodes, NodeAdmin],
  exports: [NodeDirectory, HomeNodes],
})
export class NodesModule {}
