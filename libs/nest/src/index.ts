// Nest modules shared by panel-api and the worker: the validated config, the panel database and Redis.
export * from './config.module';
export * from './panel-database.module';
export * from './redis.module';
export * from './jobs-core.module';
export * from './task-queues.module';
