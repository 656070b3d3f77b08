import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { AccountEntity, AlwaysOnTaskEntity, ConsoleEntity, EnvironmentEntity, JobEntity, NodeEntity, PlatformInstanceEntity, ScheduledTaskEntity, StaticFileEntity, TaskRunEntity, WebAppEntity, WorkloadCpuMarkEntity } from '@panel/database';
import { ConfigModule, PanelDatabaseModule, JobsCoreModule, RedisModule, TaskQueuesModule } from '@panel/nest';
import { AccountContainers } from './accounts/account-containers';
import { AccountWorkspaces } from './accounts/account-workspace';
import { DockerNodeRuntime } from './node-runtime/docker-node-runtime';
import { NODE_RUNTIME } from './node-runtime/node-runtime';
import { EnvironmentBuildHandler } from './environments/environment-build.handler';
import { EnvironmentInstallHandler } from './environments/environment-install.handler';
import { EnvironmentPip } from './environments/environment-pip';
import { EnvironmentUninstallHandler } from './environments/environment-uninstall.handler';
import { SystemCheckHandler } from './system-check/system-check.handler';
import { HandlerRegistry } from './jobs/handler-registry';
import { CaddyIngress } from './ingress/caddy-ingress.service';
import { EdgeIngress } from './ingress/edge-ingress.service';
import { LeaderLock } from './leadership/leader-lock.service';
import { NodeWatch } from './nodes/node-watch.service';
import { NodeDrain } from './nodes/node-drain.service';
import { ConsoleDrain } from './consoles/console-drain.service';
import { WebAppReconciler } from './webapps/webapp-reconciler';
import { AppRestartWatcher } from './webapps/app-restart-watcher';
import { WebAppReloadHandler } from './webapps/webapp-reload.handler';
import { WebAppLauncher } from './webapps/webapp-launcher';
import { WebAppMoveInHandler } from './webapps/webapp-move-in.handler';
import { WebAppReleaseHandler } from './webapps/webapp-release.handler';
import { WebAppRuntime } from './webapps/webapp-runtime';
import { WebAppStopHandler } from './webapps/webapp-stop.handler';
import { WebAppQuickstartHandler } from './webapps/webapp-quickstart.handler';
import { WebAppLogRotator } from './webapps/webapp-log-rotator';
import { WsgiWatcher } from './webapps/wsgi-watcher';
import { WebAppMigrateHandler } from './webapps/webapp-migrate.handler';
import { WebAppMigrations } from './webapps/webapp-migrations';
import { DatabaseClients } from './databases/database-clients';
import { DatabaseDumpHandler } from './databases/database-dump.handler';
import { DatabaseRestoreHandler } from './databases/database-restore.handler';
import { AccountDeleteHandler } from './accounts/account-delete.handler';
import { JobRunner } from './jobs/job-runner.service';
import { NodeRegistration } from './nodes/node-registration.service';
import { ConsoleContainers } from './consoles/console-containers';
import { ConsoleReaper } from './consoles/console-reaper.service';
import { EnvironmentMeasurements } from './environments/environment-measurements';
import { ConsoleServer } from './consoles/console-server.service';
import { TaskRunner } from './tasks/task-runner.service';
import { AlwaysOnSupervisor } from './tasks/always-on-supervisor.service';
import { TaskScheduler } from './tasks/task-scheduler.service';
import { CpuAccountant } from './cpu/cpu-accountant.service';

/** Job handlers: one per JobName (the registry refuses to start otherwise). */
const HANDLERS = [SystemCheckHandler, EnvironmentBuildHandler, EnvironmentInstallHandler, EnvironmentUninstallHandler, WebAppReloadHandler, WebAppStopHandler, WebAppQuickstartHandler, WebAppMigrateHandler, WebAppMoveInHandler, WebAppReleaseHandler, DatabaseDumpHandler, DatabaseRestoreHandler, AccountDeleteHandler];

@Module({})
export class WorkerModule {
  static forRoot(config: PanelConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        PanelDatabaseModule,
        RedisModule,
        JobsCoreModule,
        TaskQueuesModule,
        DiscoveryModule,
        TypeOrmModule.forFeature([AccountEntity, JobEntity, NodeEntity, EnvironmentEntity, WebAppEntity, StaticFileEntity, ConsoleEntity, PlatformInstanceEntity, ScheduledTaskEntity, TaskRunEntity, AlwaysOnTaskEntity, WorkloadCpuMarkEntity]),
      ],
      providers: [
        DockerNodeRuntime,
        // The one driver today; another engine would be chosen here.
        { provide: NODE_RUNTIME, useExisting: DockerNodeRuntime },
        AccountWorkspaces,
        AccountContainers,
        EnvironmentPip,
        CaddyIngress,
        EdgeIngress,
        LeaderLock,
        NodeWatch,
        NodeDrain,
        WebAppRuntime,
        WebAppLauncher,
        WsgiWatcher,
        WebAppLogRotator,
        WebAppReconciler,
        AppRestartWatcher,
        WebAppMigrations,
        DatabaseClients,
        HandlerRegistry,
        JobRunner,
        NodeRegistration,
        ConsoleContainers,
        ConsoleServer,
        ConsoleReaper,
        ConsoleDrain,
        EnvironmentMeasurements,
        TaskScheduler,
        TaskRunner,
        AlwaysOnSupervisor,
        CpuAccountant,
        ...HANDLERS,
      ],
    };
  }
}
