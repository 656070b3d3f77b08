import { ConsoleView, type CreateConsoleRequest, type UpdateConsoleRequest } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const consoleKeys = {
  all: ['consoles'] as const,
  list: () => [...consoleKeys.all, 'list'] as const,
  detail: (id: number) => [...consoleKeys.all, 'detail', id] as const,
};

/** The account's consoles with their states (running, exited...), refreshed now and then. */
export function useConsoles() {
  return useQuery({ queryKey: consoleKeys.list(), queryFn: () => api.get('/api/consoles', ConsoleView.array()), refetchInterval: 10_000 });
}

export function useConsole(id: number) {
  return useQuery({
    queryKey: consoleKeys.detail(id),
    queryFn: () => api.get(`/api/consoles/${id}`, ConsoleView),
    // The socket tells the page when the program exits or runs again; each state query costs the node a Docker exec.
    retry: (count, error) => count < 2 && !(error as { status?: number }).status,
  });
}

export function useCreateConsole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateConsoleRequest) => api.post('/api/consoles', ConsoleView, body),
    onSuccess: (created) => {
      queryClient.setQueryData(consoleKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: consoleKeys.list() });
    },
  });
}

export function useRenameConsole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => api.patch(`/api/consoles/${id}`, ConsoleView, { name } satisfies UpdateConsoleRequest),
    onSuccess: (updated) => {
      queryClient.setQueryData(consoleKeys.detail(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: consoleKeys.list() });
    },
  });
}

export function useKillConsole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/consoles/${id}`),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: consoleKeys.detail(id) });
      queryClient.setQueryData<ConsoleView[]>(consoleKeys.list(), (list) => list?.filter((c) => c.id !== id));
      void queryClient.invalidateQueries({ queryKey: consoleKeys.list() });
    },
  });
}
