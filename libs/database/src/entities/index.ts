import { AccountEntity } from './account.entity';
import { AlwaysOnTaskEntity } from './always-on-task.entity';
import { AuditLogEntity } from './audit-log.entity';
import { BackupRunEntity } from './backup-run.entity';
import { ApiTokenEntity } from './api-token.entity';
import { ConsoleEntity } from './console.entity';
import { AccountCpuUsageEntity, WorkloadCpuMarkEntity } from './cpu-usage.entity';
import { EnvironmentEntity } from './environment.entity';
import { FileShareEntity } from './file-share.entity';
import { WebAppCertificateEntity } from './webapp-certificate.entity';
import { JobEntity } from './job.entity';
import { NodeEntity } from './node.entity';
import { PlatformInstanceEntity } from './platform-instance.entity';
import { PlatformSettingEntity } from './platform-setting.entity';
import { ScheduledTaskEntity } from './scheduled-task.entity';
import { SessionEntity } from './session.entity';
import { StaticFileEntity } from './static-file.entity';
import { TaskRunEntity } from './task-run.entity';
import { WebAppEntity } from './webapp.entity';

export { AccountCpuUsageEntity, BackupRunEntity, WorkloadCpuMarkEntity, FileShareEntity, WebAppCertificateEntity };
export { AccountEntity, AlwaysOnTaskEntity, ApiTokenEntity, AuditLogEntity, PlatformSettingEntity, ConsoleEntity, EnvironmentEntity, JobEntity, NodeEntity, PlatformInstanceEntity, ScheduledTaskEntity, SessionEntity, StaticFileEntity, TaskRunEntity, WebAppEntity };

export const ENTITIES = [AccountEntity, SessionEntity, ApiTokenEntity, JobEntity, NodeEntity, EnvironmentEntity, WebAppEntity, StaticFileEntity, ConsoleEntity, PlatformInstanceEntity, AuditLogEntity, PlatformSettingEntity, ScheduledTaskEntity, TaskRunEntity, AlwaysOnTaskEntity, AccountCpuUsageEntity, WorkloadCpuMarkEntity, FileShareEntity, BackupRunEntity, WebAppCertificateEntity];
