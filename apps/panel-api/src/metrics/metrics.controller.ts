import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/request-context';
import { MetricsService } from './metrics.service';

/**
 * Prometheus' scrape endpoint, for operators: an admin account's API token (`Authorization: Token ...`, see the
 * README's scrape config) or session.
 */
@ApiTags('metrics')
@Controller('metrics')
@AdminOnly()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: "Prometheus' text exposition format (0.0.4).", schema: { type: 'string' } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.render();
  }
}
