// The terminal's font ships with the dashboard (regular and bold, every subset; the browser fetches a subset only when
// a character needs it), so every browser measures and draws the same glyphs. With the system monospace font
// (DejaVu Sans Mono on Linux, at 14px), xterm.js's DOM renderer measured a row shorter than the font's descent, and the
// row's overflow:hidden clipped every underscore: `under_score_test` showed as "under score test".
import '@fontsource/jetbrains-mono/400.css';
import '@fontsource/jetbrains-mono/700.css';

export const TERMINAL_FONT = 'JetBrains Mono';
export const TERMINAL_FONT_SIZE = 14;
/** The system fonts stay behind it, for the moment the web font cannot be had. */
export const TERMINAL_FONT_FAMILY = `"${TERMINAL_FONT}", ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace`;
/**
 * The rows' height, as a multiple of the font's own line height. JetBrains Mono's fits its glyphs, descent included;
 * a fallback font gets some leading above and below each row, so that its descent (DejaVu Sans Mono and Liberation
 * Mono draw `_` at the very bottom of it) stays inside the row when xterm.js rounds the cell down.
 */
export function terminalLineHeight(fontLoaded: boolean): number {
  return fontLoaded ? 1 : 1.2;
}

type FontFaces = Pick<FontFaceSet, 'load' | 'check'>;

function documentFonts(): FontFaces | undefined {
  return typeof document !== 'undefined' && 'fonts' in document ? document.fonts : undefined;
}

/**
 * Resolves once the terminal's font (regular and bold) is loaded and can be measured: true, or false when it is not
 * there after `timeoutMs` (or cannot be loaded at all) and the terminal has to start with a fallback font.
 */
export function terminalFontReady(timeoutMs = 3000, fonts: FontFaces | undefined = documentFonts()): Promise<boolean> {
  if (!fonts) return Promise.resolve(false);
  const faces = [`${TERMINAL_FONT_SIZE}px "${TERMINAL_FONT}"`, `bold ${TERMINAL_FONT_SIZE}px "${TERMINAL_FONT}"`];
  const loaded = Promise.all(faces.map((face) => fonts.load(face))).then(
    (found) => found.every((list) => list.length > 0),
    () => false,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([loaded, timeout]).finally(() => clearTimeout(timer));
}

/** Whether the terminal's font is loaded now (for a font that arrives after the terminal started without it). */
export function terminalFontLoaded(fonts: FontFaces | undefined = documentFonts()): boolean {
  try {
    return !!fonts?.check(`${TERMINAL_FONT_SIZE}px "${TERMINAL_FONT}"`);
  } catch {
    return false;
  }
}
