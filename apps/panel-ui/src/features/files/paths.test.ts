import { describe, expect, it } from 'vitest';
import { baseName, breadcrumbs, isUnder, joinPath, languageOf, parentOf } from './paths';
import { shellQuote } from './SaveAndRunButton';

describe('file paths', () => {
  it('tells whether a file is under a source directory by whole components', () => {
    expect(isUnder('/home/alice/mysite/flask_app.py', '/home/alice/mysite')).toBe(true);
    expect(isUnder('/home/alice/mysite/templates/index.html', '/home/alice/mysite/')).toBe(true);
    expect(isUnder('/home/alice/mysite', '/home/alice/mysite')).toBe(true);
    expect(isUnder('/home/alice/mysite2/flask_app.py', '/home/alice/mysite')).toBe(false);
    expect(isUnder('/home/alice/flask_app.py', '/home/alice/mysite')).toBe(false);
  });

  it('builds breadcrumbs from the home', () => {
    expect(breadcrumbs('/home/alice', '/home/alice')).toEqual([{ name: '/home/alice', path: '/home/alice' }]);
    expect(breadcrumbs('/home/alice/my site/ü', '/home/alice')).toEqual([
      { name: '/home/alice', path: '/home/alice' },
      { name: 'my site', path: '/home/alice/my site' },
      { name: 'ü', path: '/home/alice/my site/ü' },
    ]);
  });

  it('joins, splits and names paths', () => {
    expect(joinPath('/home/alice', 'a.py')).toBe('/home/alice/a.py');
    expect(joinPath('/home/alice/', 'a.py')).toBe('/home/alice/a.py');
    expect(baseName('/home/alice/mysite/')).toBe('mysite');
    expect(parentOf('/home/alice/mysite/flask_app.py')).toBe('/home/alice/mysite');
    expect(parentOf('/home')).toBe('/');
  });

  it('picks the highlighting by extension', () => {
    expect(languageOf('/home/a/flask_app.py')).toBe('python');
    expect(languageOf('/home/a/templates/index.html')).toBe('html');
    expect(languageOf('/home/a/templates/base.jinja2')).toBe('html');
    expect(languageOf('/home/a/static/app.js')).toBe('javascript');
    expect(languageOf('/home/a/static/style.css')).toBe('css');
    expect(languageOf('/home/a/README.md')).toBe('markdown');
    expect(languageOf('/home/a/requirements.txt')).toBe('plain');
    expect(languageOf('/home/a/Makefile')).toBe('plain');
  });

  it('quotes paths for bash', () => {
    expect(shellQuote("/home/a/it's here.py")).toBe(`'/home/a/it'\\''s here.py'`);
  });
});
