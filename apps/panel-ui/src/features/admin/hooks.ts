import { NodeView } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const adminKeys = {
  nodes: ['admin', 'nodes'] as const,
};

/** Worker nodes, refreshed every few seconds so the online badges follow the heartbeats. */
export function useNodes() {
  return useQuery({ queryKey: adminKeys.nodes, queryFn: () => api.get('/api/nodes', NodeView.array()), refetchInterval: 10_000 });
}

export type NodeAction = 'cordon' | 'uncordon' | 'drain' | 'remove';

/** Cordon, uncordon, drain or remove a node; the list is refreshed with the answer. */
export function useNodeAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: NodeAction }) => {
      const path = `/api/nodes/${encodeURIComponent(id)}`;
      if (action === 'remove') return api.delete(path);
      await api.post(`${path}/${action}`, NodeView, {});
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.nodes }),
  });
}
