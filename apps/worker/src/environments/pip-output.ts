import type { JobProgress } from '@panel/contracts';

/**
 * Follows pip's output to report progress (packages done / total) and to name the requirement that failed.
 * pip prints "Collecting X" while resolving, "Installing collected packages: a, b, c" before installing, and
 * "Successfully installed ..." at the end; during installation the caller counts new .dist-info directories.
 */
export class PipOutputTracker {
  private buffer = '';
  private collected = new Set<string>();
  private installing: string[] | null = null;
  private finished = false;
  readonly errors: string[] = [];

  feed(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split(/\r?\n|\r/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string) {
    const collecting = /^Collecting ([A-Za-z0-9._-]+)/.exec(line) ?? /^Processing .*\/([A-Za-z0-9_.]+?)-\d[^/]*\.whl/.exec(line);
    if (collecting) this.collected.add(collecting[1].toLowerCase().replace(/_/g, '-'));
    const installing = /^Installing collected packages: (.+)$/.exec(line);
    if (installing) this.installing = installing[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (/^Successfully installed /.test(line)) this.finished = true;
    if (/^ERROR: /.test(line)) this.errors.push(line.slice(7).trim());
  }

  /** Progress given how many packages have been installed so far (from the environment's site-packages). */
  progress(installedSoFar: number): JobProgress | null {
    if (this.finished && this.installing) return { done: this.installing.length, total: this.installing.length };
    if (this.installing) return { done: Math.min(installedSoFar, this.installing.length), total: this.installing.length };
    if (this.collected.size) return { done: 0, total: this.collected.size };
    return null;
  }

  /** pip said "Successfully installed". */
  get isFinished(): boolean {
    return this.finished;
  }

  get installingCount(): number | null {
    return this.installing?.length ?? null;
  }

  /** A one-line reason for a failed install, naming the requirement when pip did. */
  failureReason(): string | null {
    for (const error of this.errors) {
      const missing = /No matching distribution found for (.+)$/.exec(error);
      if (missing) return `pip could not find "${missing[1].trim()}" (no package index has it; the wheelhouse holds the platform's packages).`;
    }
    for (const error of this.errors) {
      const invalid = /^Invalid requirement: (.+?)(?: \(from line (\d+) of .*\))?$/.exec(error);
      if (invalid) return `The requirement ${invalid[1]}${invalid[2] ? ` on line ${invalid[2]}` : ''} is not valid.`;
    }
    for (const error of this.errors) {
      const conflict = /ResolutionImpossible|conflicting dependencies/.exec(error);
      if (conflict) return 'The requirements conflict with each other (see pip\'s message above).';
    }
    return this.errors[0] ?? null;
  }
}
