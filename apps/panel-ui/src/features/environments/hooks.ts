import {
  CreatedEnvironmentView,
  type CreateEnvironmentRequest,
  EnvironmentFreezeView,
  EnvironmentView,
  type InstallPackagesRequest,
  JobView,
  type UninstallPackagesRequest,
} from '@panel/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { isFinished, jobKeys } from '../jobs/hooks';

export const environmentKeys = {
  all: ['environments'] as const,
  list: () => [...environmentKeys.all, 'list'] as const,
  freeze: (name: string) => [...environmentKeys.all, 'freeze', name] as const,
  jobs: (name: string) => [...environmentKeys.all, 'jobs', name] as const,
};

export const environmentPath = (name: string, rest = ''): string => `/api/environments/${encodeURIComponent(name)}${rest}`;

/** The account's environments; polled while one is being built. */
export function useEnvironments() {
  return useQuery({
    queryKey: environmentKeys.list(),
    queryFn: () => api.get('/api/environments', EnvironmentView.array()),
    refetchInterval: (query) => (query.state.data?.some((env) => env.status === 'building') ? 3000 : false),
  });
}

/** `pip freeze` of a ready environment. */
export function useEnvironmentFreeze(name: string, enabled = true) {
  return useQuery({
    queryKey: environmentKeys.freeze(name),
    queryFn: () => api.get(environmentPath(name, '/freeze'), EnvironmentFreezeView),
    enabled,
  });
}

/** The jobs that built and changed an environment, newest first; polled while one is unfinished. */
export function useEnvironmentJobs(name: string) {
  return useQuery({
    queryKey: environmentKeys.jobs(name),
    queryFn: () => api.get(environmentPath(name, '/jobs'), JobView.array()),
    refetchInterval: (query) => (query.state.data?.some((job) => !isFinished(job.status)) ? 3000 : false),
  });
}

/** After a job on an environment ends: its packages, size, status and history may all have changed. */
export function refreshEnvironment(queryClient: QueryClient, name?: string) {
  void queryClient.invalidateQueries({ queryKey: environmentKeys.list() });
  if (name) {
    void queryClient.invalidateQueries({ queryKey: environmentKeys.freeze(name) });
    void queryClient.invalidateQueries({ queryKey: environmentKeys.jobs(name) });
  }
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
}

function rememberJob(queryClient: QueryClient, job: JobView) {
  queryClient.setQueryData(jobKeys.detail(job.id), job);
}

export function useCreateEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnvironmentRequest) => api.post('/api/environments', CreatedEnvironmentView, body),
    onSuccess: ({ environment, job }) => {
      rememberJob(queryClient, job);
      queryClient.setQueryData<EnvironmentView[]>(environmentKeys.list(), (list) =>
        list ? [...list.filter((env) => env.name !== environment.name), environment].sort((a, b) => a.name.localeCompare(b.name)) : list,
      );
      refreshEnvironment(queryClient, environment.name);
    },
  });
}

export function useInstallPackages(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (packages: string[]) => api.post(environmentPath(name, '/packages'), JobView, { packages } satisfies InstallPackagesRequest),
    onSuccess: (job) => {
      rememberJob(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: environmentKeys.jobs(name) });
    },
  });
}

export function useUninstallPackages(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (packages: string[]) => api.post(environmentPath(name, '/uninstall'), JobView, { packages } satisfies UninstallPackagesRequest),
    onSuccess: (job) => {
      rememberJob(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: environmentKeys.jobs(name) });
    },
  });
}

export function useDeleteEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.delete(environmentPath(name)),
    onSuccess: (_result, name) => {
      queryClient.setQueryData<EnvironmentView[]>(environmentKeys.list(), (list) => list?.filter((env) => env.name !== name));
      queryClient.removeQueries({ queryKey: environmentKeys.freeze(name) });
      queryClient.removeQueries({ queryKey: environmentKeys.jobs(name) });
      void queryClient.invalidateQueries({ queryKey: environmentKeys.list() });
    },
  });
}
