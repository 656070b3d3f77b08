import { Module } from '@nestjs/common';
import { MysqlAdmin } from './mysql-admin.service';

@Module({ providers: [MysqlAdmin], exports: [MysqlAdmin] })
export class DatabasesModule {}
