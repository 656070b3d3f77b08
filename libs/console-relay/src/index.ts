export * from './console-relay';
