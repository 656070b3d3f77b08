import type { DatabaseEngine } from '@panel/contracts';

// A job's resource key names what it works on: jobs with the same key never run at once (the worker's resource
// lock), and panel-api refuses or supersedes work on a resource a job holds. panel-api and the worker must agree.
export const webappResourceKey = (webappId: number) => `webapp:${webappId}`;
/** The old node's release of a moved app: not the app's own key, which the move holds while it waits for it. */
export const webappReleaseResourceKey = (webappId: number) => `webapp-release:${webappId}`;
export const environmentResourceKey = (accountId: number, name: string) => `environment:${accountId}:${name}`;
export const databaseResourceKey = (engine: DatabaseEngine, name: string) => `database:${engine}:${name}`;
