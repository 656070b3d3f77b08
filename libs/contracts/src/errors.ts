import { z } from 'zod';

/** The body of every error the API returns. 5xx carry an errorId to quote to an operator, never a stack. */
export const ErrorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  errorId: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'panel_session';
