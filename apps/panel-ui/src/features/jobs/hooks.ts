import { FINISHED_JOB_STATUSES, JobQueuePosition, type JobStatus, JobView, type PythonVersion, type StartSystemCheckRequest } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (limit: number) => [...jobKeys.lists(), limit] as const,
  detail: (id: string) => [...jobKeys.all, 'detail', id] as const,
  queue: (id: string) => [...jobKeys.all, 'queue', id] as const,
};

export const isFinished = (status: JobStatus): boolean => FINISHED_JOB_STATUSES.includes(status);

export const jobPath = (id: string, rest = ''): string => `/api/jobs/${encodeURIComponent(id)}${rest}`;

/** The account's recent jobs, newest first; polled while any of them is still queued or running. */
export function useJobs(limit = 20) {
  return useQuery({
    queryKey: jobKeys.list(limit),
    queryFn: () => api.get(`/api/jobs?limit=${limit}`, JobView.array()),
    refetchInterval: (query) => (query.state.data?.some((job) => !isFinished(job.status)) ? 3000 : false),
  });
}

export function useJob(id: string, initialJob?: JobView) {
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: () => api.get(jobPath(id), JobView),
    initialData: initialJob,
    // The live stream keeps this up to date; an initial job from a POST is fresh enough.
    staleTime: initialJob ? 10_000 : 0,
  });
}

/** While a job is queued: how many jobs its queue serves first, polled every 2 s ("3 jobs ahead of yours"). */
export function useJobQueuePosition(id: string, queued: boolean) {
  return useQuery({
    queryKey: jobKeys.queue(id),
    queryFn: () => api.get(jobPath(id, '/queue'), JobQueuePosition),
    enabled: queued,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'queued' ? false : 2000),
  });
}

/** "Next in line", "1 job ahead of yours", "3 jobs ahead of yours". */
export function jobsAheadText(jobsAhead: number): string {
  if (jobsAhead === 0) return 'Next in line';
  return `${jobsAhead} job${jobsAhead === 1 ? '' : 's'} ahead of yours`;
}

export function fetchJobLog(id: string): Promise<string> {
  return api.getText(jobPath(id, '/log'));
}

export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(jobPath(id, '/cancel'), JobView),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}

export function useStartSystemCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pythonVersion: PythonVersion) => api.post('/api/system-check', JobView, { pythonVersion } satisfies StartSystemCheckRequest),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}

/**
 * Follows a job's status without its log (e.g. a reload behind a button): polled every second until it finishes.
 * Shares its cache entry with {@link useJob}, so an open JobLog's live stream updates it too.
 */
export function useWatchedJob(id: string | null | undefined, initialJob?: JobView) {
  return useQuery({
    queryKey: jobKeys.detail(id ?? ''),
    queryFn: () => api.get(jobPath(id!), JobView),
    enabled: Boolean(id),
    initialData: id && initialJob?.id === id ? initialJob : undefined,
    staleTime: 1000,
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 1000),
  });
}
