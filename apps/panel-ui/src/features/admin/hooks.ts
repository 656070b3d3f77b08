import { AccountView, NodeView } from '@panel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const adminKeys = {
  nodes: ['admin', 'nodes'] as const,
  accounts: ['admin', 'accounts'] as const,
};

/** Worker nodes, refreshed every few seconds so the online badges follow the heartbeats. */
export function useNodes() {
  return useQuery({ queryKey: adminKeys.nodes, queryFn: () => api.get('/api/nodes', NodeView.array()), refetchInterval: 10_000 });
}

export function useAdminAccounts() {
  return useQuery({ queryKey: adminKeys.accounts, queryFn: () => api.get('/api/admin/accounts', AccountView.array()) });
}
