import { AccountEntity } from './account.entity';
import { ApiTokenEntity } from './api-token.entity';
import { JobEntity } from './job.entity';
import { NodeEntity } from './node.entity';
import { SessionEntity } from './session.entity';

export { AccountEntity, ApiTokenEntity, JobEntity, NodeEntity, SessionEntity };

export const ENTITIES = [AccountEntity, SessionEntity, ApiTokenEntity, JobEntity, NodeEntity];
