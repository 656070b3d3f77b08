/** One attack tried against the platform, and whether it got through. */
export interface Attempt {
  kind: string;
  what: string;
  succeeded: boolean;
  detail: string;
}

/**
 * Every attempt the security suite makes, by class, so the suite ends with "N attempts, 0 succeeded" per class and
 * a failing class names the attempts that got through.
 */
export class AttackLedger {
  readonly attempts: Attempt[] = [];

  record(kind: string, what: string, succeeded: boolean, detail = ''): void {
    this.attempts.push({ kind, what, succeeded, detail });
  }

  succeeded(kind: string): Attempt[] {
    return this.attempts.filter((a) => a.kind === kind && a.succeeded);
  }

  count(kind: string): number {
    return this.attempts.filter((a) => a.kind === kind).length;
  }

  table(): string {
    const kinds = [...new Set(this.attempts.map((a) => a.kind))];
    const width = Math.max(5, ...kinds.map((k) => k.length));
    const lines = kinds.map((kind) => `${kind.padEnd(width)}  ${String(this.count(kind)).padStart(8)}  ${String(this.succeeded(kind).length).padStart(9)}`);
    const total = this.attempts.length;
    const through = this.attempts.filter((a) => a.succeeded).length;
    return [`${'class'.padEnd(width)}  attempts  succeeded`, ...lines, `${'all'.padEnd(width)}  ${String(total).padStart(8)}  ${String(through).padStart(9)}`, `${total} attempts, ${through} succeeded`].join('\n');
  }
}
