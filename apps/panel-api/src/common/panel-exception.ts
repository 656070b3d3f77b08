import { HttpStatus } from '@nestjs/common';

/**
 * A refusal explained to the user: a stable `code` (clients may branch on it; it never changes with the wording), the
 * HTTP status and a message for the account holder. Each module lists its codes with their statuses once, in its
 * `<module>.exceptions.ts` (`defineExceptions`), and throws its own class; the one exceptions filter
 * (`AllExceptionsFilter`) turns every one of them into the `ErrorResponse` body, so no service maps errors to HTTP.
 * Statuses are 4xx (or 503 for "try later"): a 5xx otherwise is our fault and answers only with an error id.
 */
export class PanelException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A module's exception class from its codes and their HTTP statuses, e.g.
 * `export const WebAppsException = defineExceptions('WebAppsException', { WEBAPP_DOMAIN_TAKEN: HttpStatus.CONFLICT })`,
 * thrown as `new WebAppsException('WEBAPP_DOMAIN_TAKEN', 'There is already a web app at ...')`. Codes are prefixed
 * with the module so that one code names one situation across the API.
 */
export function defineExceptions<Code extends string>(name: string, statuses: Record<Code, HttpStatus>) {
  const named = {
    [name]: class extends PanelException {
      constructor(code: Code, message: string) {
        super(code, statuses[code], message);
      }
      /** True for this module's exception with this code (tests and callers that recover from one case). */
      static is(error: unknown, code?: Code): boolean {
        return error instanceof named[name] && (code === undefined || (error as PanelException).code === code);
      }
    },
  };
  return named[name];
}

/**
 * Errors of the request itself, whatever the route. (A body the parsers refuse is answered by the filter as
 * BODY_NOT_JSON, BODY_TOO_LARGE or BODY_UNREADABLE.)
 */
export const RequestException = defineExceptions('RequestException', {
  /** A body, query or path parameter broke a rule of its schema; the message states each rule broken. */
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
});
