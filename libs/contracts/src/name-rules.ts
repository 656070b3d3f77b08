/**
 * Says what is wrong with a name rather than repeating its rule: `"-" is not allowed in a database name`. The
 * characters are shown as typed (a space as "space"), at most three, each once.
 */
export function disallowedCharactersProblem(value: string, allowed: RegExp, what: string, use: string): string | null {
  const bad = [...new Set([...value].filter((c) => !allowed.test(c)))];
  if (!bad.length) return null;
  const shown = bad.slice(0, 3).map((c) => (c === ' ' ? 'a space' : /[\x00-\x1f\x7f]/.test(c) ? 'a control character' : `"${c}"`));
  const more = bad.length > 3 ? ` (and ${bad.length - 3} more)` : '';
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${list}${more} ${bad.length === 1 ? 'is' : 'are'} not allowed in ${what}: use ${use}.`;
}
