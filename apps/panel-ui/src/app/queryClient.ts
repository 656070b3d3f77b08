import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { endSession, sessionKey } from '../features/auth/hooks';

/**
 * Queries retry only what may pass on a second try (network trouble, 5xx). A 401 on any query means the session
 * ended (expired, or logged out elsewhere), so the dashboard forgets it and the auth guard sends the visitor to
 * /login. Mutations are left alone: their 401s (a wrong current password) are the form's business.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== sessionKey[0]) {
          endSession(queryClient);
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => {
          if (error instanceof ApiError && error.status > 0 && error.status < 500) return false;
          return failureCount < 2;
        },
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
