import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeEntity } from '@panel/database';
import { NodesController } from './nodes.controller';

@Module({ imports: [TypeOrmModule.forFeature([NodeEntity])], controllers: [NodesController] })
export class NodesModule {}
