export * from './home-fs';
export * from './folder-snapshots';
export * from './home-paths';
export * from './owned-files';
export * from './home-directories';
export * from './home-locations';
export * from './virtualenvs';
