export * from './channels';
export * from './job-log-store';
export * from './job-view';
export * from './queued-job';
export * from './job-enqueuer';
export * from './database-uploads';
export * from './resource-keys';
export * from './aborted-error';
