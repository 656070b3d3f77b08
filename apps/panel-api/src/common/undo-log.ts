import type { Logger } from '@nestjs/common';

/**
 * What a use-case of several steps has changed so far, each change with how to take it back. `UndoLog.run` runs the
 * steps; if one throws, every change recorded is undone, newest first (each one even when an earlier undo failed:
 * that is logged), and the step's error is thrown unchanged. An undo takes back only what its step made, never
 * what was there before.
 */
export class UndoLog {
  private readonly changes: { what: string; undo: () => Promise<unknown> }[] = [];

  private constructor() {}

  /** Records a change that is now made. */
  made(what: string, undo: () => Promise<unknown>): void {
    this.changes.push({ what, undo });
  }

  static async run<T>(logger: Logger, steps: (log: UndoLog) => Promise<T>): Promise<T> {
    const log = new UndoLog();
    try {
      return await steps(log);
    } catch (error) {
      for (const change of log.changes.reverse()) {
        try {
          await change.undo();
        } catch (undoError) {
          logger.error(`could not undo ${change.what}: ${undoError instanceof Error ? undoError.stack : String(undoError)}`);
        }
      }
      throw error;
    }
  }
}
