import { Injectable } from '@nestjs/common';

/**
 * Which web apps use which environment, by environment name. Web apps bind a virtualenv by path; the Web tab's
 * module registers itself here so environments need not depend on it.
 */
export interface EnvironmentUsageSource {
  usedByForAccount(accountId: number): Promise<Map<string, string[]>>;
}

@Injectable()
export class EnvironmentUsage {
  private sources: EnvironmentUsageSource[] = [];

  register(source: EnvironmentUsageSource) {
    this.sources.push(source);
  }

  async usedByForAccount(accountId: number): Promise<Map<string, string[]>> {
    const merged = new Map<string, string[]>();
    for (const source of this.sources) {
      for (const [name, domains] of await source.usedByForAccount(accountId)) {
        merged.set(name, [...(merged.get(name) ?? []), ...domains]);
      }
    }
    return merged;
  }
}
