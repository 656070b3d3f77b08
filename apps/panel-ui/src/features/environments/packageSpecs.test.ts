import { describe, expect, it } from 'vitest';
import { invalidSpecsMessage, parsePackageSpecs } from './packageSpecs';

describe('parsePackageSpecs', () => {
  it('splits on spaces and new lines', () => {
    expect(parsePackageSpecs('flask requests>=2\nFlask-Migrate==4.0.5\n\n  gunicorn  ')).toEqual({
      packages: ['flask', 'requests>=2', 'Flask-Migrate==4.0.5', 'gunicorn'],
      invalid: [],
    });
  });

  it('keeps extras and version ranges, and joins words split around an operator', () => {
    expect(parsePackageSpecs('requests[socks]>=2,<3 flask >= 2.3 django ~=4.2').packages).toEqual([
      'requests[socks]>=2,<3',
      'flask>=2.3',
      'django~=4.2',
    ]);
    expect(parsePackageSpecs('sqlalchemy>=1.4, <3').packages).toEqual(['sqlalchemy>=1.4,<3']);
  });

  it('drops comments and repeats (names compare case-insensitively)', () => {
    expect(parsePackageSpecs('# web\nflask # the framework\nFlask\nflask').packages).toEqual(['flask']);
  });

  it('reports options, URLs and paths as invalid', () => {
    const parsed = parsePackageSpecs('flask -r requirements.txt https://example.com/x.whl ./pkg');
    expect(parsed.packages).toEqual(['flask', 'requirements.txt']);
    expect(parsed.invalid).toEqual(['-r', 'https://example.com/x.whl', './pkg']);
  });

  it('gives nothing for an empty box', () => {
    expect(parsePackageSpecs('  \n # only a comment\n')).toEqual({ packages: [], invalid: [] });
  });
});

describe('invalidSpecsMessage', () => {
  it('quotes the bad words and states the rule', () => {
    expect(invalidSpecsMessage(['-r'])).toMatch(/^This is not a package requirement: "-r"\. Each package is a requirement/);
    expect(invalidSpecsMessage(['-r', './x'])).toMatch(/^These are not a package requirement: "-r", "\.\/x"\./);
  });
});
