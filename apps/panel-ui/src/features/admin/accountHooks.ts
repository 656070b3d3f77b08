import {
  AdminAccountsPage,
  AdminJobsPage,
  AdminJobView,
  AdminAccountView,
  AdminDeleteAccountView,
  AdminSettingsView,
  AuditLogPage,
  OneTimePasswordView,
  type AccountRole,
  type AdminCreateAccountRequest,
  type UpdateAdminSettingsRequest,
} from '@panel/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const accountAdminKeys = {
  all: ['admin', 'account-admin'] as const,
  accounts: (search: string, page: number) => [...accountAdminKeys.all, 'accounts', search, page] as const,
  settings: ['admin', 'account-admin', 'settings'] as const,
  audit: (page: number) => [...accountAdminKeys.all, 'audit', page] as const,
};

export const ACCOUNTS_PAGE_SIZE = 20;
export const AUDIT_PAGE_SIZE = 15;

export function useAccountsPage(search: string, page: number) {
  return useQuery({
    queryKey: accountAdminKeys.accounts(search, page),
    queryFn: () => api.get(`/api/admin/accounts?search=${encodeURIComponent(search)}&page=${page}&pageSize=${ACCOUNTS_PAGE_SIZE}`, AdminAccountsPage),
    placeholderData: keepPreviousData,
  });
}

export function useAuditLog(page: number) {
  return useQuery({ queryKey: accountAdminKeys.audit(page), queryFn: () => api.get(`/api/admin/audit?page=${page}&pageSize=${AUDIT_PAGE_SIZE}`, AuditLogPage), placeholderData: keepPreviousData });
}

export function useAdminSettings() {
  return useQuery({ queryKey: accountAdminKeys.settings, queryFn: () => api.get('/api/admin/settings', AdminSettingsView) });
}

/** Every admin action changes the list and adds to the audit log: both are read again. */
function useAdminMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: accountAdminKeys.all }) });
}

export const useCreateAccount = () => useAdminMutation((body: AdminCreateAccountRequest) => api.post('/api/admin/accounts', OneTimePasswordView, body));

export type AccountAction = 'disable' | 'enable' | 'password' | 'make-admin' | 'make-user';

export const useAccountAction = () =>
  useAdminMutation(({ id, action }: { id: number; action: AccountAction }): Promise<AdminAccountView | OneTimePasswordView> => {
    const path = `/api/admin/accounts/${id}`;
    if (action === 'password') return api.post(`${path}/password`, OneTimePasswordView);
    if (action === 'make-admin' || action === 'make-user') {
      return api.post(`${path}/role`, AdminAccountView, { role: (action === 'make-admin' ? 'admin' : 'user') satisfies AccountRole });
    }
    return api.post(`${path}/${action}`, AdminAccountView);
  });

/** Deletes an account and everything of it; `confirm` is its username as the operator typed it. */
export const useDeleteAccount = () =>
  useAdminMutation(({ id, confirm }: { id: number; confirm: string }) =>
    api.request(`/api/admin/accounts/${id}`, AdminDeleteAccountView, { method: 'DELETE', body: { confirm } }),
  );

export const useUpdateAdminSettings = () =>
  useAdminMutation((body: UpdateAdminSettingsRequest) => api.put('/api/admin/settings', AdminSettingsView, body));

export const JOBS_PAGE_SIZE = 20;

export function useAdminJobs(status: string, username: string, page: number) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(JOBS_PAGE_SIZE) });
  if (status) params.set('status', status);
  if (username) params.set('username', username);
  return useQuery({
    queryKey: [...accountAdminKeys.all, 'jobs', status, username, page],
    queryFn: () => api.get(`/api/admin/jobs?${params.toString()}`, AdminJobsPage),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

export const useAdminCancelJob = () => useAdminMutation((id: string) => api.post(`/api/admin/jobs/${encodeURIComponent(id)}/cancel`, AdminJobView));
