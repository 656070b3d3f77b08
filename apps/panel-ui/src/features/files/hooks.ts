import {
  type CreateFileEntryRequest,
  DirectoryListingView,
  DiskUsageView,
  FileContentView,
  FileEntryView,
  JobView,
  type RenameFileEntryRequest,
} from '@panel/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { webAppsQuery } from '../webapps/hooks';
import { filesUrls } from './filesApi';

export const fileKeys = {
  all: ['files'] as const,
  lists: () => [...fileKeys.all, 'list'] as const,
  list: (path: string) => [...fileKeys.lists(), path] as const,
  content: (path: string) => [...fileKeys.all, 'content', path] as const,
  usage: () => [...fileKeys.all, 'usage'] as const,
};

/**
 * A folder's listing, a page at a time (the API pages big folders): `data` is the pages loaded so far as one listing
 * (its `total` counts every entry), and fetchNextPage loads the next one while hasNextPage.
 */
export function useDirectory(path: string) {
  return useInfiniteQuery({
    queryKey: fileKeys.list(path),
    queryFn: ({ pageParam }) => api.get(filesUrls.list(path, pageParam), DirectoryListingView),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data): DirectoryListingView => {
      const last = data.pages[data.pages.length - 1];
      return { ...last, entries: data.pages.flatMap((page) => page.entries) };
    },
  });
}

export function useDiskUsage() {
  return useQuery({ queryKey: fileKeys.usage(), queryFn: () => api.get('/api/files/usage', DiskUsageView), staleTime: 5_000 });
}

/** The file as it was opened: never refetched behind the editor's back (that is what the version check is for). */
export function useFileContent(path: string) {
  return useQuery({
    queryKey: fileKeys.content(path),
    queryFn: () => api.get(filesUrls.content(path), FileContentView),
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
    mutationFn: (body: CreateFileEntryRequest) => api.post('/api/files/entries', FileEntryView, body),
    onSuccess: () => refreshFiles(queryClient),
  });
}

export function useRenameEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RenameFileEntryRequest) => api.post('/api/files/rename', FileEntryView, body),
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
    mutationFn: (domain: string) => api.post(`/api/webapps/${encodeURIComponent(domain)}/reload`, JobView),
  });
}
