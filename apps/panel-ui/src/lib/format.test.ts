import { describe, expect, it } from 'vitest';
import { formatBytes, formatDurationMs } from './format';

describe('formatBytes', () => {
  it('gives human sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(23 * 1024 * 1024 + 300_000)).toBe('23 MiB');
    expect(formatBytes(8 * 1024 ** 3)).toBe('8.0 GiB');
  });

  it('shows a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatDurationMs', () => {
  it('gives seconds, minutes and hours', () => {
    expect(formatDurationMs(12_000)).toBe('12s');
    expect(formatDurationMs(185_000)).toBe('3m 05s');
    expect(formatDurationMs(3_720_000)).toBe('1h 02m');
  });
});
