import { describe, expect, it } from 'vitest';
import { appendOutput, byteLength, EMPTY_LOG, fromFullLog, type LogBuffer } from './jobLogBuffer';

const feed = (chunks: Array<{ offset: number; data: string }>, start: LogBuffer = EMPTY_LOG) =>
  chunks.reduce(appendOutput, start);

describe('job log buffer', () => {
  it('appends consecutive chunks', () => {
    const log = feed([
      { offset: 0, data: 'Python 3.11.9\n' },
      { offset: 14, data: 'pip 24.0\n' },
    ]);
    expect(log).toEqual({ text: 'Python 3.11.9\npip 24.0\n', end: 23, gap: false });
  });

  it('drops chunks it has already shown, as sent again after a reconnect', () => {
    const first = feed([
      { offset: 0, data: 'one\n' },
      { offset: 4, data: 'two\n' },
    ]);
    const again = feed([{ offset: 0, data: 'one\ntwo\n' }, { offset: 4, data: 'two\n' }], first);
    expect(again).toBe(first);
    expect(again.text).toBe('one\ntwo\n');
  });

  it('keeps only the new part of a chunk that overlaps what was shown', () => {
    const log = feed([
      { offset: 0, data: 'one\n' },
      { offset: 0, data: 'one\ntwo\n' },
    ]);
    expect(log).toEqual({ text: 'one\ntwo\n', end: 8, gap: false });
  });

  it('counts offsets in UTF-8 bytes, not characters', () => {
    const first = 'café ✓\n';
    expect(byteLength(first)).toBe(10);
    const log = feed([
      { offset: 0, data: first },
      { offset: 0, data: `${first}naïve\n` },
      { offset: 10, data: 'naïve\n' },
      { offset: 17, data: 'done\n' },
    ]);
    expect(log).toEqual({ text: 'café ✓\nnaïve\ndone\n', end: 22, gap: false });
  });

  it('ignores empty chunks and marks a gap when output went missing', () => {
    const log = feed([
      { offset: 0, data: 'a' },
      { offset: 1, data: '' },
      { offset: 5, data: 'f' },
    ]);
    expect(log).toEqual({ text: 'af', end: 6, gap: true });
  });

  it('builds a buffer from a whole log', () => {
    expect(fromFullLog('ü\n')).toEqual({ text: 'ü\n', end: 3, gap: false });
  });
});
