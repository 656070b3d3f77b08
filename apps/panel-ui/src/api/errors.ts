import { ErrorResponse } from '@panel/contracts';

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

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'Could not reach the server. Check your connection and try again.', 'Network Error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
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
