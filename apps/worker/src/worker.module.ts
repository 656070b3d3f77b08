import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { AccountEntity, EnvironmentEntity, JobEntity, NodeEntity } from '@panel/database';
import { JobLogStore } from '@panel/jobs';
import { ConfigModule, DatabaseModule, RedisModule } from '@panel/nest';
import { AccountContainers } from './accounts/account-containers';
import { AccountWorkspaces } from './accounts/account-workspace';
import { DockerService } from './docker/docker.service';
import {
  EnvironmentBuildHandler,
  EnvironmentInstallHandler,
  EnvironmentPip,
  EnvironmentUninstallHandler,
} from './environments/environment-jobs';
import { SystemCheckHandler } from './handlers/system-check.handler';
import { HandlerRegistry } from './jobs/handler-registry';
import { JobRunner } from './jobs/job-runner.service';
import { JOB_LOG_STORE } from './jobs/tokens';
import { NodeRegistration } from './nodes/node-registration.service';

/** Job handlers: one per JobName (the registry refuses to start otherwise). */
const HANDLERS = [SystemCheckHandler, EnvironmentBuildHandler, EnvironmentInstallHandler, EnvironmentUninstallHandler];

@Module({})
export class WorkerModule {
  static forRoot(config: PanelConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        DiscoveryModule,
        TypeOrmModule.forFeature([AccountEntity, JobEntity, NodeEntity, EnvironmentEntity]),
      ],
      providers: [
        DockerService,
        AccountWorkspaces,
        AccountContainers,
        EnvironmentPip,
        HandlerRegistry,
        JobRunner,
        NodeRegistration,
        { provide: JOB_LOG_STORE, useValue: new JobLogStore(config.jobLogsDir) },
        ...HANDLERS,
      ],
    };
  }
}
