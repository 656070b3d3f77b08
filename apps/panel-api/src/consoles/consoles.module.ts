import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity, ApiTokenEntity, ConsoleEntity, NodeEntity } from '@panel/database';
import { AccountsModule } from '../accounts/accounts.module';
import { PythonAnywhereConsolesController } from '../pythonanywhere/pythonanywhere-consoles.controller';
import { NodesModule } from '../nodes/nodes.module';
import { TokensModule } from '../tokens/tokens.module';
import { ConsoleBridge } from './console-bridge';
import { ConsoleGateway } from './console-gateway';
import { ConsolesController } from './consoles.controller';
import { ConsolesService } from './consoles.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConsoleEntity, NodeEntity, ApiTokenEntity, AccountEntity]), AccountsModule, TokensModule, NodesModule],
  controllers: [ConsolesController, PythonAnywhereConsolesController],
  providers: [ConsolesService, ConsoleBridge, ConsoleGateway],
  exports: [ConsolesService],
})
export class ConsolesModule {}
