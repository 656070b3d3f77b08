import { Injectable, OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { JobName } from '@panel/contracts';
import { JOB_HANDLER_FOR, JobHandler } from './job-handler';

/** Maps each job name to its handler. Refuses to start when a job name has no handler, or two. */
export function buildHandlerMap(found: Array<{ name: JobName; handler: JobHandler }>): Map<JobName, JobHandler> {
  const map = new Map<JobName, JobHandler>();
  for (const { name, handler } of found) {
    if (map.has(name)) throw new Error(`Two handlers for job "${name}"`);
    map.set(name, handler);
  }
  const missing = Object.values(JobName).filter((name) => !map.has(name));
  if (missing.length) throw new Error(`No handler for job(s): ${missing.join(', ')}. The worker cannot start.`);
  return map;
}

@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit() {
    const found = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .map((wrapper) => ({ name: this.reflector.get<JobName>(JOB_HANDLER_FOR, wrapper.metatype as Type), handler: wrapper.instance as JobHandler }))
      .filter((entry) => entry.name !== undefined);
    this.handlers = buildHandlerMap(found);
  }

  get(name: JobName): JobHandler {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job "${name}"`);
    return handler;
  }
}
