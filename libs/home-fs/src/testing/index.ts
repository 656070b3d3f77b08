export * from './rename-swapper';
