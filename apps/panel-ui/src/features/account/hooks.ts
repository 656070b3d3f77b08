import { ApiTokenView, type ChangePasswordRequest, type CreateApiTokenRequest, CreatedApiTokenView } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const tokenKeys = { all: ['account', 'tokens'] as const };

export function useApiTokens() {
  return useQuery({ queryKey: tokenKeys.all, queryFn: () => api.get('/api/account/tokens', ApiTokenView.array()) });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post('/api/account/tokens', CreatedApiTokenView, { name } satisfies CreateApiTokenRequest),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/account/tokens/${id}`),
    onSuccess: (_result, id) => {
      queryClient.setQueryData<ApiTokenView[]>(tokenKeys.all, (tokens) => tokens?.filter((token) => token.id !== id));
      void queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.postWithoutBody('/api/account/password', body),
  });
}
