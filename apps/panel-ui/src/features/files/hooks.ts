import type { DirectoryListingView, DiskUsageView, FileContentView, FileEntryView, JobView } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { webAppsQuery } from '../web/hooks';
import { filesUrls } from './filesApi';

export const fileKeys = {
  all: ['files'] as const,
  lists: () => [...fileKeys.all, 'list'] as const,
  list: (path: string) => [...fileKeys.lists(), path] as const,
  content: (path: string) => [...fileKeys.all, 'content', path] as const,
  usage: () => [...fileKeys.all, 'usage'] as const,
};

export function useDirectory(path: string) {
  return useQuery({
    queryKey: fileKeys.list(path),
    queryFn: () => api.get<DirectoryListingView>(filesUrls.list(path)),
  });
}

export function useDiskUsage() {
  return useQuery({ queryKey: fileKeys.usage(), queryFn: () => api.get<DiskUsageView>('/api/files/usage'), staleTime: 5_000 });
}

/** The file as it was opened: never refetched behind the editor's back (that is what the version check is for). */
export function useFileContent(path: string) {
  return useQuery({
    queryKey: fileKeys.content(path),
    queryFn: () => api.get<FileContentView>(filesUrls.content(path)),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** After a change: the folder listings and the usage figure. */
export function refreshFiles(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: fileKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: fileKeys.usage() });
}

export function useCreateEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { directory: string; name: string; type: 'file' | 'directory' }) => api.post<FileEntryView>('/api/files/entries', body),
    onSuccess: () => refreshFiles(queryClient),
  });
}

export function useRenameEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { path: string; newName: string }) => api.post<FileEntryView>('/api/files/rename', body),
    onSuccess: () => refreshFiles(queryClient),
  });
}

export function useDeleteEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => api.delete(filesUrls.remove(path)),
    onSuccess: () => refreshFiles(queryClient),
  });
}

/** The account's web apps, for the editor's "Reload <domain>" buttons (the Web tab's query, read less often). */
export function useWebAppsForFiles() {
  return useQuery({ ...webAppsQuery, staleTime: 30_000 });
}

export function useReloadWebApp() {
  return useMutation({
    mutationFn: (domain: string) => api.post<JobView>(`/api/webapps/${encodeURIComponent(domain)}/reload`),
  });
}
