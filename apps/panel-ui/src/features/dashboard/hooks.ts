import { AccountUsageView, FileEntryView } from '@panel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const dashboardKeys = {
  recentFiles: (limit: number) => ['dashboard', 'recent-files', limit] as const,
  usage: ['dashboard', 'usage'] as const,
};

/** The home's files modified last (consoles edit them too, so it is read again on every visit). */
export function useRecentFiles(limit = 8) {
  return useQuery({ queryKey: dashboardKeys.recentFiles(limit), queryFn: () => api.get(`/api/files/recent?limit=${limit}`, FileEntryView.array()), staleTime: 0 });
}

export function useAccountUsage() {
  return useQuery({ queryKey: dashboardKeys.usage, queryFn: () => api.get('/api/account/usage', AccountUsageView), refetchInterval: 30_000 });
}
