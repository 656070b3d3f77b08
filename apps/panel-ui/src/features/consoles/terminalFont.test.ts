import { afterEach, describe, expect, it, vi } from 'vitest';
import { TERMINAL_FONT_FAMILY, terminalFontLoaded, terminalFontReady, terminalLineHeight } from './terminalFont';

const face = {} as FontFace;

afterEach(() => {
  vi.useRealTimers();
});

describe('the terminal font', () => {
  it('is the shipped web font first, with system monospace fonts behind it', () => {
    expect(TERMINAL_FONT_FAMILY).toMatch(/^"JetBrains Mono", .*monospace$/);
  });

  it('leaves a fallback font room below its baseline', () => {
    expect(terminalLineHeight(true)).toBe(1);
    expect(terminalLineHeight(false)).toBeGreaterThanOrEqual(1.2);
  });

  it('is ready once its regular and bold faces are loaded', async () => {
    const load = vi.fn(async (_font: string) => [face]);
    await expect(terminalFontReady(3000, { load, check: () => true })).resolves.toBe(true);
    expect(load.mock.calls.map(([font]) => font)).toEqual(['14px "JetBrains Mono"', 'bold 14px "JetBrains Mono"']);
  });

  it('does not keep the terminal waiting for a font that is missing, fails or is slow', async () => {
    await expect(terminalFontReady(3000, { load: async () => [], check: () => false })).resolves.toBe(false);
    await expect(terminalFontReady(3000, { load: () => Promise.reject(new Error('network')), check: () => false })).resolves.toBe(false);
    await expect(terminalFontReady(3000, undefined)).resolves.toBe(false);
    vi.useFakeTimers();
    const slow = terminalFontReady(3000, { load: () => new Promise<FontFace[]>(() => undefined), check: () => false });
    vi.advanceTimersByTime(3000);
    await expect(slow).resolves.toBe(false);
  });

  it('tells whether the font arrived later', () => {
    expect(terminalFontLoaded({ load: async () => [], check: () => true })).toBe(true);
    expect(terminalFontLoaded({ load: async () => [], check: () => false })).toBe(false);
    expect(
      terminalFontLoaded({
        load: async () => [],
        check: () => {
          throw new SyntaxError('bad font');
        },
      }),
    ).toBe(false);
    expect(terminalFontLoaded(undefined)).toBe(false);
  });
});
