import { PACKAGE_SPEC_RULE, packageSpecSchema } from '@panel/contracts';

export interface ParsedPackageSpecs {
  /** Valid requirement specifiers, in order, without repeats. */
  packages: string[];
  /** Words that are not requirement specifiers (options, URLs, paths, typos). */
  invalid: string[];
}

/**
 * Reads the "Install packages" box: requirements separated by spaces, commas between words are not separators
 * (they belong to version ranges such as "flask>=2,<4"), lines starting with "#" are comments.
 */
export function parsePackageSpecs(text: string): ParsedPackageSpecs {
  const packages: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    for (const word of joinOperators(line.split(/\s+/))) {
      const parsed = packageSpecSchema.safeParse(word);
      if (!parsed.success) {
        if (!invalid.includes(word)) invalid.push(word);
        continue;
      }
      const key = parsed.data.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      packages.push(parsed.data);
    }
  }
  return { packages, invalid };
}

const OPERATOR = /^(===|==|~=|!=|<=|>=|<|>)/;

/** Glues "flask >= 2" (words split around an operator) back into "flask>=2". */
function joinOperators(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const previous = out[out.length - 1];
    if (previous !== undefined && (OPERATOR.test(word) || /(===|==|~=|!=|<=|>=|<|>|,)$/.test(previous))) {
      out[out.length - 1] = previous + word;
    } else {
      out.push(word);
    }
  }
  return out;
}

/** The message for words that are not package specifiers. */
export function invalidSpecsMessage(invalid: string[]): string {
  const quoted = invalid.map((word) => `"${word}"`).join(', ');
  return `${invalid.length === 1 ? 'This is' : 'These are'} not a package requirement: ${quoted}. ${PACKAGE_SPEC_RULE}`;
}
