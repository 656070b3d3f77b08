import { FileShareView } from '@panel/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../../api';
import { Button } from '../../components/Button';

const SHARES_KEY = ['files', 'shares'] as const;

/**
 * "Share" in the editor: makes a link anyone can download the file with (as it is when they open it), shows it
 * with "Copy link", and "Stop sharing" revokes it.
 */
export function ShareFileButton({ path }: { path: string }) {
  const client = useQueryClient();
  const shares = useQuery({ queryKey: SHARES_KEY, queryFn: () => api.get('/api/files/shares', z.array(FileShareView)) });
  const [copied, setCopied] = useState(false);
  const share = useMutation({
    mutationFn: () => api.post('/api/files/shares', FileShareView, { path }),
    onSuccess: () => void client.invalidateQueries({ queryKey: SHARES_KEY }),
  });
  const revoke = useMutation({
    mutationFn: () => api.delete(`/api/files/shares?path=${encodeURIComponent(path)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: SHARES_KEY }),
  });
  const current = shares.data?.find((s) => s.path === path);
  const link = current ? new URL(current.url, window.location.origin).toString() : null;
  const error = share.error ?? revoke.error;

  return (
    <span className="files-share">
      {link ? (
        <>
          <input className="input files-share-link" readOnly value={link} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} />
          <Button
            variant="ghost"
            onClick={() =>
              void navigator.clipboard?.writeText(link).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy link'}
          </Button>
          <Button variant="ghost" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            Stop sharing
          </Button>
        </>
      ) : (
        <Button variant="ghost" loading={share.isPending} onClick={() => share.mutate()} title="Anyone with the link can download this file">
          Share
        </Button>
      )}
      {error && <span className="small files-error-text">{error.message}</span>}
    </span>
  );
}
