import { ErrorResponse } from '@panel/contracts';
import type { z } from 'zod';

/** The `error` of an answer that arrived but was not of the shape the dashboard expects. */
export const UNEXPECTED_RESPONSE = 'Unexpected Response';
/** At most this many of a parse failure's problems are named in the message (the error's cause has them all). */
const MAX_LISTED_ISSUES = 3;

/** A failed API call: the HTTP status and the server's message, ready to show to the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    message: string,
    /** The HTTP reason phrase from the error body ("Bad Request"). */
    readonly error: string = '',
    /** Present on 5xx: an id to quote to an operator. */
    readonly errorId?: string,
  ) {
    super(message);
  }

  get isServerError(): boolean {
    return this.status >= 500;
  }

  /** Builds the error from a non-2xx response, reading its `ErrorResponse` body when there is one. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const parsed = ErrorResponse.safeParse(body);
    if (parsed.success) {
      const { message, error, errorId } = parsed.data;
      return new ApiError(response.status, message, error, errorId);
    }
    return new ApiError(response.status, fallbackMessage(response.status, response.statusText), response.statusText);
  }

  /**
   * A successful answer whose body does not match the endpoint's schema in @panel/contracts (or is not JSON): the
   * dashboard and the API disagree, so the page shows this rather than render what it cannot trust.
   */
  static unexpectedResponse(method: string, path: string, status: number, problem: z.ZodError | string): ApiError {
    const detail = typeof problem === 'string' ? problem : describeIssues(problem);
    const error = new ApiError(
      status,
      `The server's answer to ${method} ${path} did not have the expected shape (${detail}). The dashboard and the API may be different versions: reload the page, and tell an operator if this goes on.`,
      UNEXPECTED_RESPONSE,
    );
    if (typeof problem !== 'string') (error as { cause?: unknown }).cause = problem;
    return error;
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'Could not reach the server. Check your connection and try again.', 'Network Error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

function describeIssues(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; and ${more} more` : listed.join('; ');
}

function fallbackMessage(status: number, statusText: string): string {
  const reason = statusText ? ` ${statusText}` : '';
  if (status === 502 || status === 503 || status === 504) {
    return `The server is not available right now (${status}${reason}). Try again in a moment.`;
  }
  return `The request failed (${status}${reason}).`;
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** The message to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}
