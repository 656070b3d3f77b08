import { type LoginRequest, PublicSettingsView, SessionView, type SignupRequest } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../api';

export const sessionKey = ['session'] as const;
export const settingsKey = ['settings'] as const;

/** The signed-in session, or null when nobody is (the API answers 401). */
export async function fetchSession(): Promise<SessionView | null> {
  try {
    const session = await api.get('/api/auth/session', SessionView);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

export { useCurrentSession } from './sessionContext';

export function usePublicSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: () => api.get('/api/settings', PublicSettingsView),
    staleTime: 10 * 60_000,
  });
}

function startSession(queryClient: QueryClient, session: SessionView) {
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(sessionKey, session);
}

/** Forgets everything cached for the previous account and marks the visitor signed out. */
export function endSession(queryClient: QueryClient) {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] && query.queryKey[0] !== settingsKey[0] });
  queryClient.setQueryData(sessionKey, null);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post('/api/auth/login', SessionView, body),
    onSuccess: (session) => startSession(queryClient, session),
  });
}

export function useSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignupRequest) => api.post('/api/auth/signup', SessionView, body),
    onSuccess: (session) => startSession(queryClient, session),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.postWithoutBody('/api/auth/logout');
      } catch (error) {
        // Already signed out on the server: that is what we wanted.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => endSession(queryClient),
  });
}
