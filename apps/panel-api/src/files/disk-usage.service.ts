import { Inject, Injectable } from '@nestjs/common';
import type { PanelConfig } from '@panel/config';
import type { HomeFs } from '@panel/home-fs';
import { PANEL_CONFIG } from '@panel/nest';
import { FilesException } from './files.exceptions';

/** How long a computed usage is reused: consoles write to homes too, so it cannot be kept for long. */
const USAGE_TTL_MS = 10_000;

interface CachedUsage {
  bytes: number;
  at: number;
}

export function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0).replace(/\.0$/, '')} ${units[unit]}`;
}

/** Bytes being written for an account by one request; checked against the quota on every chunk. */
export class QuotaReservation {
  private bytes = 0;
  private credit = 0;

  constructor(
    private readonly owner: DiskUsageService,
    private readonly accountId: number,
    private readonly usedAtStart: number,
    private readonly quota: number,
  ) {}

  /** Bytes of a file being replaced: they are freed when the new one takes its place. */
  addCredit(bytes: number) {
    this.credit += bytes;
  }

  /** Counts bytes about to be written; throws (413) when they would take the home over its quota. */
  add(bytes: number) {
    this.bytes += bytes;
    this.owner.adjustReserved(this.accountId, bytes);
    const total = this.usedAtStart + this.owner.reservedFor(this.accountId) - this.credit;
    if (total > this.quota) {
      throw new FilesException(
        'FILES_QUOTA_EXCEEDED',
        `This would exceed your disk quota of ${formatSize(this.quota)} (you use ${formatSize(this.usedAtStart)}). Delete some files and try again; nothing was written.`,
      );
    }
  }

  release() {
    this.owner.adjustReserved(this.accountId, -this.bytes);
    this.bytes = 0;
    this.owner.invalidate(this.accountId);
  }
}

/**
 * Disk usage of homes, computed by walking them (no filesystem quotas needed), cached briefly, plus what uploads in
 * flight have reserved, so two concurrent uploads cannot both fit under the quota.
 */
@Injectable()
export class DiskUsageService {
  private readonly cache = new Map<number, CachedUsage>();
  private readonly inflight = new Map<number, { started: number; pending: Promise<CachedUsage> }>();
  private readonly reserved = new Map<number, number>();
  /** When a change was last made through the API, per account. */
  private readonly invalidatedAt = new Map<number, number>();

  constructor(@Inject(PANEL_CONFIG) private readonly config: PanelConfig) {}

  get quotaBytes(): number {
    return this.config.homeQuotaBytes;
  }

  /**
   * The home's usage as last measured, at most USAGE_TTL_MS old, or a new walk shared by every request that comes
   * meanwhile; after a change made through the API (invalidate) a walk started before it is neither kept nor joined.
   */
  async usage(accountId: number, home: HomeFs): Promise<CachedUsage> {
    const cached = this.cache.get(accountId);
    if (cached && Date.now() - cached.at < USAGE_TTL_MS) return cached;
    return this.measure(accountId, home);
  }

  private measure(accountId: number, home: HomeFs): Promise<CachedUsage> {
    const running = this.inflight.get(accountId);
    // A walk started before the last change would not see it: a request after the change waits for a new one.
    if (running && running.started > (this.invalidatedAt.get(accountId) ?? -1)) return running.pending;
    const started = Date.now();
    const pending: Promise<CachedUsage> = home
      .diskUsage()
      .then((bytes) => {
        const value = { bytes, at: started };
        // A change made meanwhile (invalidate) is not in this figure: keep it only if none came.
        if ((this.invalidatedAt.get(accountId) ?? -1) < started) this.cache.set(accountId, value);
        return value;
      })
      .finally(() => {
        if (this.inflight.get(accountId)?.pending === pending) this.inflight.delete(accountId);
      });
    this.inflight.set(accountId, { started, pending });
    return pending;
  }

  async reserve(accountId: number, home: HomeFs): Promise<QuotaReservation> {
    const { bytes } = await this.usage(accountId, home);
    return new QuotaReservation(this, accountId, bytes, this.config.homeQuotaBytes);
  }

  invalidate(accountId: number) {
    this.cache.delete(accountId);
    this.invalidatedAt.set(accountId, Date.now());
  }

  reservedFor(accountId: number): number {
    return this.reserved.get(accountId) ?? 0;
  }

  adjustReserved(accountId: number, delta: number) {
    const next = this.reservedFor(accountId) + delta;
    if (next <= 0) this.reserved.delete(accountId);
    else this.reserved.set(accountId, next);
  }
}
