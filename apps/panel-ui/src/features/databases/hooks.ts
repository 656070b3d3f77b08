import {
  ConsoleView,
  type CreateConsoleRequest,
  type CreateDatabaseRequest,
  CSRF_HEADER,
  type DatabaseEngine,
  DatabaseEngineView,
  DatabaseJobEntryView,
  type DatabasePasswordRequest,
  DatabasesOverview,
  DatabaseView,
  type JobView,
  StartedDumpView,
  StartedRestoreView,
} from '@panel/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, getCsrfToken, parseResponse } from '../../api';
import { isFinished, jobKeys } from '../jobs/hooks';

export const databaseKeys = {
  all: ['databases'] as const,
  overview: () => [...databaseKeys.all, 'overview'] as const,
  jobs: (engine: DatabaseEngine, name: string) => [...databaseKeys.all, 'jobs', engine, name] as const,
};

export const databasePath = (engine: DatabaseEngine, name: string, rest = ''): string =>
  `/api/databases/${engine}/${encodeURIComponent(name)}${rest}`;

/** Both engines: initialized or not, how to connect, and the databases with their sizes. */
export function useDatabases() {
  return useQuery({ queryKey: databaseKeys.overview(), queryFn: () => api.get('/api/databases', DatabasesOverview) });
}

function setEngine(queryClient: QueryClient, view: DatabaseEngineView) {
  queryClient.setQueryData<DatabasesOverview>(databaseKeys.overview(), (overview) => (overview ? { ...overview, [view.engine]: view } : overview));
}

export function useInitializeEngine(engine: DatabaseEngine) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DatabasePasswordRequest) => api.post(`/api/databases/${engine}/initialize`, DatabaseEngineView, body),
    onSuccess: (view) => {
      setEngine(queryClient, view);
      void queryClient.invalidateQueries({ queryKey: databaseKeys.overview() });
    },
  });
}

export function useSetDatabasePassword(engine: DatabaseEngine) {
  return useMutation({
    mutationFn: (body: DatabasePasswordRequest) => api.postWithoutBody(`/api/databases/${engine}/password`, body),
  });
}

export function useCreateDatabase(engine: DatabaseEngine) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post(`/api/databases/${engine}`, DatabaseView, { name } satisfies CreateDatabaseRequest),
    onSuccess: (created) => {
      queryClient.setQueryData<DatabasesOverview>(databaseKeys.overview(), (overview) =>
        overview
          ? {
              ...overview,
              [engine]: {
                ...overview[engine],
                databases: [...overview[engine].databases.filter((db) => db.name !== created.name), created].sort((a, b) => a.name.localeCompare(b.name)),
              },
            }
          : overview,
      );
      void queryClient.invalidateQueries({ queryKey: databaseKeys.overview() });
    },
  });
}

export function useDeleteDatabase(engine: DatabaseEngine) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.delete(databasePath(engine, name)),
    onSuccess: (_result, name) => {
      queryClient.setQueryData<DatabasesOverview>(databaseKeys.overview(), (overview) =>
        overview ? { ...overview, [engine]: { ...overview[engine], databases: overview[engine].databases.filter((db) => db.name !== name) } } : overview,
      );
      void queryClient.invalidateQueries({ queryKey: databaseKeys.overview() });
    },
  });
}

/** Dumps and restores of one database, newest first; polled while one is unfinished. */
export function useDatabaseJobs(engine: DatabaseEngine, name: string) {
  return useQuery({
    queryKey: databaseKeys.jobs(engine, name),
    queryFn: () => api.get(databasePath(engine, name, '/jobs'), DatabaseJobEntryView.array()),
    refetchInterval: (query) => (query.state.data?.some((entry) => !isFinished(entry.job.status)) ? 3000 : false),
  });
}

function rememberJob(queryClient: QueryClient, engine: DatabaseEngine, name: string, job: JobView) {
  queryClient.setQueryData(jobKeys.detail(job.id), job);
  void queryClient.invalidateQueries({ queryKey: databaseKeys.jobs(engine, name) });
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
}

export function useStartDump(engine: DatabaseEngine, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<DatabaseJobEntryView> => {
      const started = await api.post(databasePath(engine, name, '/dump'), StartedDumpView);
      return { job: started.job, database: started.dump };
    },
    onSuccess: ({ job }) => rememberJob(queryClient, engine, name, job),
  });
}

/**
 * Uploads an .sql file as the request body (streamed by the browser, never read into memory here), reporting the
 * upload's progress, then the server starts the restore job.
 */
export function uploadRestore(engine: DatabaseEngine, name: string, file: File, onProgress: (sent: number, total: number) => void): Promise<DatabaseJobEntryView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const path = databasePath(engine, name, `/restore?fileName=${encodeURIComponent(file.name)}`);
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'application/sql');
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) {
        try {
          const started = parseResponse(StartedRestoreView, body, 'POST', path, xhr.status);
          resolve({ job: started.job, database: started.restore });
        } catch (error) {
          reject(error);
        }
        return;
      }
      const message = (body as { message?: string } | undefined)?.message ?? `The upload failed (${xhr.status}).`;
      reject(new ApiError(xhr.status, message, (body as { error?: string } | undefined)?.error ?? ''));
    };
    xhr.send(file);
  });
}

export function useRestore(engine: DatabaseEngine, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (sent: number, total: number) => void }) => uploadRestore(engine, name, file, onProgress),
    onSuccess: ({ job }) => rememberJob(queryClient, engine, name, job),
  });
}

/** Opens a MySQL or PostgreSQL console on a database (the Consoles tab shows it). */
export function useOpenDatabaseConsole() {
  return useMutation({
    mutationFn: ({ engine, name }: { engine: DatabaseEngine; name: string }) => api.post('/api/consoles', ConsoleView, { kind: engine, database: name } satisfies CreateConsoleRequest),
  });
}
