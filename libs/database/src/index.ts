export * from './data-source';
export * from './entities';
export * from './migrate';
export * from './scratch-database';
export * from './placement-queries';
export * from './cpu-usage-queries';
