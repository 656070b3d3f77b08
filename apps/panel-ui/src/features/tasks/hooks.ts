import {
  AlwaysOnLogView,
  AlwaysOnTaskView,
  FINISHED_TASK_RUN_STATUSES,
  ScheduledTaskView,
  TaskRunOutputView,
  TaskRunView,
  type CreateAlwaysOnTaskRequest,
  type CreateScheduledTaskRequest,
  type UpdateAlwaysOnTaskRequest,
  type UpdateScheduledTaskRequest,
} from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api';

export const taskKeys = {
  all: ['tasks'] as const,
  list: () => [...taskKeys.all, 'list'] as const,
  runs: (id: number) => [...taskKeys.all, 'runs', id] as const,
};

const isActive = (run: TaskRunView | null | undefined) => !!run && !FINISHED_TASK_RUN_STATUSES.includes(run.status);

/** The account's scheduled tasks with their last runs; sooner while a run is going. */
export function useTasks() {
  return useQuery({
    queryKey: taskKeys.list(),
    queryFn: () => api.get('/api/tasks', ScheduledTaskView.array()),
    refetchInterval: (query) => (query.state.data?.some((t) => isActive(t.lastRun)) ? 2_000 : 15_000),
  });
}

export function useTaskRuns(id: number) {
  return useQuery({
    queryKey: taskKeys.runs(id),
    queryFn: () => api.get(`/api/tasks/${id}/runs`, TaskRunView.array()),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? 1_500 : 10_000),
  });
}

function useInvalidateTasks() {
  const queryClient = useQueryClient();
  return (id?: number) => {
    void queryClient.invalidateQueries({ queryKey: taskKeys.list() });
    if (id !== undefined) void queryClient.invalidateQueries({ queryKey: taskKeys.runs(id) });
  };
}

export function useCreateTask() {
  const invalidate = useInvalidateTasks();
  return useMutation({ mutationFn: (body: CreateScheduledTaskRequest) => api.post('/api/tasks', ScheduledTaskView, body), onSuccess: () => invalidate() });
}

export function useUpdateTask() {
  const invalidate = useInvalidateTasks();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateScheduledTaskRequest }) => api.patch(`/api/tasks/${id}`, ScheduledTaskView, changes),
    onSuccess: (task) => invalidate(task.id),
  });
}

export function useDeleteTask() {
  const invalidate = useInvalidateTasks();
  return useMutation({ mutationFn: (id: number) => api.delete(`/api/tasks/${id}`), onSuccess: () => invalidate() });
}

export function useRunTask() {
  const invalidate = useInvalidateTasks();
  return useMutation({ mutationFn: (id: number) => api.post(`/api/tasks/${id}/run`, TaskRunView), onSuccess: (run) => invalidate(run.taskId) });
}

/** A run's output, followed live (read on from the last offset) until the run is over. */
export function useRunOutput(taskId: number, runId: string) {
  const [state, setState] = useState<{ text: string; run: TaskRunView | null; error: unknown }>({ text: '', run: null, error: null });
  useEffect(() => {
    let offset = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ text: '', run: null, error: null });
    const read = async () => {
      try {
        const answer: TaskRunOutputView = await api.get(`/api/tasks/${taskId}/runs/${runId}/output?offset=${offset}`, TaskRunOutputView);
        if (stopped) return;
        offset = answer.offset;
        setState((s) => ({ text: s.text + answer.output, run: answer.run, error: null }));
        // More to read, or the run is still going: ask again.
        if (answer.output.length > 0 && FINISHED_TASK_RUN_STATUSES.includes(answer.run.status)) timer = setTimeout(read, 0);
        else if (!FINISHED_TASK_RUN_STATUSES.includes(answer.run.status)) timer = setTimeout(read, 1_000);
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error }));
      }
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [taskId, runId]);
  return state;
}

export const alwaysOnKeys = {
  list: () => ['always-on', 'list'] as const,
  log: (id: number) => ['always-on', 'log', id] as const,
};

/** The account's always-on tasks and their states; sooner while one is starting or crashing. */
export function useAlwaysOnTasks() {
  return useQuery({
    queryKey: alwaysOnKeys.list(),
    queryFn: () => api.get('/api/always-on', AlwaysOnTaskView.array()),
    refetchInterval: (query) => (query.state.data?.some((t) => t.state === 'starting' || t.state === 'crashing') ? 2_000 : 10_000),
  });
}

export function useAlwaysOnLog(id: number) {
  return useQuery({ queryKey: alwaysOnKeys.log(id), queryFn: () => api.get(`/api/always-on/${id}/log`, AlwaysOnLogView), refetchInterval: 3_000 });
}

function useInvalidateAlwaysOn() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['always-on'] });
}

export function useCreateAlwaysOn() {
  const invalidate = useInvalidateAlwaysOn();
  return useMutation({ mutationFn: (body: CreateAlwaysOnTaskRequest) => api.post('/api/always-on', AlwaysOnTaskView, body), onSuccess: invalidate });
}

export function useUpdateAlwaysOn() {
  const invalidate = useInvalidateAlwaysOn();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateAlwaysOnTaskRequest }) => api.patch(`/api/always-on/${id}`, AlwaysOnTaskView, changes),
    onSuccess: invalidate,
  });
}

export function useRestartAlwaysOn() {
  const invalidate = useInvalidateAlwaysOn();
  return useMutation({ mutationFn: (id: number) => api.post(`/api/always-on/${id}/restart`, AlwaysOnTaskView), onSuccess: invalidate });
}

export function useDeleteAlwaysOn() {
  const invalidate = useInvalidateAlwaysOn();
  return useMutation({ mutationFn: (id: number) => api.delete(`/api/always-on/${id}`), onSuccess: invalidate });
}
