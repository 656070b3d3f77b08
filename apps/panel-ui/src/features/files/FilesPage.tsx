import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { formatBytes } from '../../lib/format';
import { useCurrentSession } from '../auth/sessionContext';
import { FileBrowser } from './FileBrowser';
import { FileEditor } from './FileEditor';
import { useDiskUsage } from './hooks';
import { homeOf } from './paths';
import './files.css';

/**
 * The Files tab: /files?path=<folder> browses a folder of the home, /files?edit=<file> opens a file in the editor.
 * Paths are absolute, as in consoles (/home/alice/mysite).
 */
export function FilesPage() {
  const session = useCurrentSession();
  const home = homeOf(session.account.username);
  const [params] = useSearchParams();
  const editing = params.get('edit');
  const path = params.get('path') || home;
  const browseHref = (p: string) => `/files?path=${encodeURIComponent(p)}`;
  const editHref = (p: string) => `/files?edit=${encodeURIComponent(p)}`;

  return (
    <>
      <PageHeader title="Files" description="Browse, upload and edit the files in your home directory." actions={<DiskUsage />} />
      {editing ? (
        <FileEditor key={editing} path={editing} home={home} browseHref={browseHref} />
      ) : (
        <FileBrowser key={path} path={path} home={home} browseHref={browseHref} editHref={editHref} />
      )}
    </>
  );
}

function DiskUsage() {
  const usage = useDiskUsage();
  if (!usage.data) return null;
  const { usedBytes, quotaBytes } = usage.data;
  const fraction = Math.min(1, usedBytes / quotaBytes);
  return (
    <div className="files-usage" title="Disk space your home uses, and your quota for uploads and saves">
      <span className="small">
        Disk usage: <strong>{formatBytes(usedBytes)}</strong> of {formatBytes(quotaBytes)} ({Math.round(fraction * 100)}%)
      </span>
      <progress max={1} value={fraction} aria-label="Disk usage" className={fraction > 0.9 ? 'files-usage-high' : undefined} />
    </div>
  );
}
