import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [NodesModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
