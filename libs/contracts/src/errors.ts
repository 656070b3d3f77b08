import { z } from 'zod';

/**
 * The body of every error the API returns. 5xx carry an errorId to quote to an operator, never a stack. `code` names
 * the situation for programs (WEBAPP_DOMAIN_TAKEN, HOME_NOT_FOUND, VALIDATION_FAILED, INTERNAL_ERROR...) and stays
 * when the message's wording changes; the API always sends it (optional here for bodies from elsewhere, a proxy's).
 */
export const ErrorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  code: z.string().optional(),
  errorId: z.string().optional(),
  /** The PythonAnywhere-compatible API (/api/v0, /api/v1) repeats message here, where its clients read it. */
  detail: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const CSRF_HEADER = 'x-csrf-token';
/**
 * The dashboard session cookie. Served over HTTPS it is `__Host-` prefixed: browsers then keep it host-only, Secure
 * and for Path=/ whatever a page on a sibling or parent domain tries to set.
 */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-panel_session' : 'panel_session');
