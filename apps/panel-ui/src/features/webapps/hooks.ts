import {
  CreatedWebAppView,
  type CreateStaticFileRequest,
  type CreateWebAppRequest,
  JobView,
  MigrationStatusView,
  type RunMigrationRequest,
  SavedWsgiFileView,
  StaticFileView,
  type UpdateStaticFileRequest,
  type UpdateWebAppRequest,
  type UpdateWsgiFileRequest,
  type WebAppLogKind,
  WebAppLogView,
  WebAppView,
  WsgiFileView,
} from '@panel/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { environmentKeys } from '../environments/hooks';
import { jobKeys } from '../jobs/hooks';

export const webappKeys = {
  all: ['webapps'] as const,
  list: () => [...webappKeys.all, 'list'] as const,
  wsgi: (domain: string) => [...webappKeys.all, 'wsgi', domain] as const,
  log: (domain: string, kind: WebAppLogKind) => [...webappKeys.all, 'log', domain, kind] as const,
  /** The job the dashboard last started on an app (setup, reload, enable, disable), for its button and log. */
  activeJob: (domain: string) => [...webappKeys.all, 'active-job', domain] as const,
  migrations: (domain: string) => [...webappKeys.all, 'migrations', domain] as const,
};

export const webappPath = (domain: string, rest = ''): string => `/api/webapps/${encodeURIComponent(domain)}${rest}`;

/** The account's web apps (GET /api/webapps), one cache entry shared by the Web tab and the Files tab. */
export const webAppsQuery = queryOptions({
  queryKey: webappKeys.list(),
  queryFn: () => api.get('/api/webapps', WebAppView.array()),
});

/** The account's web apps; polled while one is reloading. */
export function useWebApps() {
  return useQuery({
    ...webAppsQuery,
    refetchInterval: (query) => (query.state.data?.some((app) => app.status === 'reloading') ? 2000 : false),
  });
}

/** Puts an app as the server returned it into the list (after an update), keeping the order by domain. */
function storeWebApp(queryClient: QueryClient, app: WebAppView) {
  queryClient.setQueryData<WebAppView[]>(webappKeys.list(), (list) =>
    list ? [...list.filter((a) => a.domain !== app.domain), app].sort((a, b) => a.domain.localeCompare(b.domain)) : [app],
  );
}

/** Remembers the job just started on an app so its page can follow it. */
export function setActiveJob(queryClient: QueryClient, domain: string, job: JobView) {
  queryClient.setQueryData(jobKeys.detail(job.id), job);
  queryClient.setQueryData(webappKeys.activeJob(domain), job);
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
}

/** The job last started on an app from this dashboard, if any (kept in the query cache, never fetched). */
export function useActiveJob(domain: string) {
  return useQuery<JobView | null>({
    queryKey: webappKeys.activeJob(domain),
    queryFn: () => null,
    enabled: false,
    initialData: null,
  });
}

/** After a job on an app ends: its status, last reload and virtualenv may have changed, and maybe an environment. */
export function refreshWebApps(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: webappKeys.list() });
  void queryClient.invalidateQueries({ queryKey: environmentKeys.list() });
  void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
}

export function useCreateWebApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebAppRequest) => api.post('/api/webapps', CreatedWebAppView, body),
    onSuccess: ({ webapp, job }) => {
      storeWebApp(queryClient, webapp);
      if (job) setActiveJob(queryClient, webapp.domain, job);
      void queryClient.invalidateQueries({ queryKey: webappKeys.list() });
    },
  });
}

export function useUpdateWebApp(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateWebAppRequest) => api.patch(webappPath(domain), WebAppView, patch),
    onSuccess: (app) => {
      storeWebApp(queryClient, app);
      void queryClient.invalidateQueries({ queryKey: environmentKeys.list() });
    },
  });
}

export function useDeleteWebApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => api.delete(webappPath(domain)),
    onSuccess: (_result, domain) => {
      queryClient.setQueryData<WebAppView[]>(webappKeys.list(), (list) => list?.filter((app) => app.domain !== domain));
      queryClient.removeQueries({ queryKey: webappKeys.activeJob(domain) });
      refreshWebApps(queryClient);
    },
  });
}

/** "Check DNS" for a custom domain: the app comes back verified (and reloading, so Caddy routes it) or a 409 says why not. */
export function useVerifyDomain(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(webappPath(domain, '/verify-domain'), WebAppView),
    onSuccess: (app) => {
      storeWebApp(queryClient, app);
      void queryClient.invalidateQueries({ queryKey: webappKeys.list() });
    },
  });
}

/** Reload, enable or disable: each starts a job on the app. */
export function useWebAppAction(domain: string, action: 'reload' | 'enable' | 'disable') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(webappPath(domain, `/${action}`), JobView),
    onSuccess: (job) => {
      setActiveJob(queryClient, domain, job);
      void queryClient.invalidateQueries({ queryKey: webappKeys.list() });
    },
  });
}

export function useWsgiFile(domain: string, enabled: boolean) {
  return useQuery({
    queryKey: webappKeys.wsgi(domain),
    queryFn: () => api.get(webappPath(domain, '/wsgi'), WsgiFileView),
    enabled,
    staleTime: Infinity,
  });
}

export function useSaveWsgiFile(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: string) => api.put(webappPath(domain, '/wsgi'), SavedWsgiFileView, { content } satisfies UpdateWsgiFileRequest),
    onSuccess: ({ path, content }) => {
      queryClient.setQueryData<WsgiFileView>(webappKeys.wsgi(domain), { path, content });
      // The worker notices the new file within a second or two and reloads the app: pick that reload up.
      for (const delay of [1500, 3500, 6000]) {
        setTimeout(() => void queryClient.invalidateQueries({ queryKey: webappKeys.list() }), delay);
      }
    },
  });
}

/** The end of one log file, followed live (every 2 s) while shown. */
export function useWebAppLog(domain: string, kind: WebAppLogKind | null) {
  return useQuery({
    queryKey: webappKeys.log(domain, kind ?? 'access'),
    queryFn: () => api.get(webappPath(domain, `/logs/${kind}`), WebAppLogView),
    enabled: kind !== null,
    refetchInterval: 2000,
    refetchIntervalInBackground: false,
  });
}

function patchStaticFiles(queryClient: QueryClient, domain: string, change: (files: StaticFileView[]) => StaticFileView[]) {
  queryClient.setQueryData<WebAppView[]>(webappKeys.list(), (list) =>
    list?.map((app) => (app.domain === domain ? { ...app, staticFiles: change(app.staticFiles) } : app)),
  );
}

export function useAddStaticFile(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStaticFileRequest) => api.post(webappPath(domain, '/static_files'), StaticFileView, body),
    onSuccess: (file) => patchStaticFiles(queryClient, domain, (files) => [...files, file]),
  });
}

export function useUpdateStaticFile(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateStaticFileRequest & { id: number }) => api.patch(webappPath(domain, `/static_files/${id}`), StaticFileView, body),
    onSuccess: (file) => patchStaticFiles(queryClient, domain, (files) => files.map((f) => (f.id === file.id ? file : f))),
  });
}

export function useDeleteStaticFile(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(webappPath(domain, `/static_files/${id}`)),
    onSuccess: (_result, id) => patchStaticFiles(queryClient, domain, (files) => files.filter((f) => f.id !== id)),
  });
}

/** The app's migrations: folder, revisions, the database's revision as last read, and the history of actions. */
export function useMigrationStatus(domain: string) {
  return useQuery({
    queryKey: webappKeys.migrations(domain),
    queryFn: () => api.get(webappPath(domain, '/migrations'), MigrationStatusView),
  });
}

/** Reads the database's revision again (POST .../migrations/refresh: a short status job); the history shows it. */
export function useRefreshMigrationStatus(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(webappPath(domain, '/migrations/refresh'), JobView),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      void queryClient.invalidateQueries({ queryKey: webappKeys.migrations(domain) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}

/** Starts a migration job (upgrade, downgrade, stamp, generate, ...); the history shows it at once. */
export function useRunMigration(domain: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RunMigrationRequest) => api.post(webappPath(domain, '/migrations'), JobView, request),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      void queryClient.invalidateQueries({ queryKey: webappKeys.migrations(domain) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
