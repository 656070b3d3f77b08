export * from './channels';
export * from './job-log-store';
export * from './job-view';
export * from './queued-job';
export * from './home-directories';
export * from './home-paths';
export * from './virtualenvs';
export * from './job-enqueuer';
