export * from './accounts';
export * from './errors';
export * from './jobs';
export * from './nodes';
export * from './python';
export * from './tokens';
export * from './environments';
export * from './webapps';
