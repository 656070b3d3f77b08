import { MAX_UPLOAD_BYTES, type FileEntryView } from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Spinner } from '../../components/Spinner';
import { formatBytes, formatDateTime, formatFullDateTime } from '../../lib/format';
import { Breadcrumbs } from './Breadcrumbs';
import { FileIcon } from './FileIcon';
import { filesUrls, uploadFile } from './filesApi';
import { refreshFiles, useCreateEntry, useDeleteEntry, useDirectory, useRenameEntry } from './hooks';
import { baseName } from './paths';
import { TableHead } from '../../components/TableHead';

const PAGE = 500;

interface UploadItem {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
}

export interface FileBrowserProps {
  path: string;
  home: string;
  browseHref: (path: string) => string;
  editHref: (path: string) => string;
}

/** A folder of the home: its entries, and creating, renaming, deleting, uploading and downloading. */
export function FileBrowser({ path, home, browseHref, editHref }: FileBrowserProps) {
  const listing = useDirectory(path);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useCreateEntry();
  const [creating, setCreating] = useState<'file' | 'directory' | null>(null);
  const [newName, setNewName] = useState('');
  const [showHidden, setShowHidden] = useState(() => localStorage.getItem('panel.files.showHidden') === 'true');
  const [limit, setLimit] = useState(PAGE);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [toDelete, setToDelete] = useState<FileEntryView | null>(null);
  const remove = useDeleteEntry();
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadQueue = useRef(Promise.resolve());
  const nextId = useRef(1);

  const toggleHidden = (value: boolean) => {
    setShowHidden(value);
    localStorage.setItem('panel.files.showHidden', String(value));
  };

  const submitNew = (event: FormEvent) => {
    event.preventDefault();
    if (!creating) return;
    const type = creating;
    create.mutate(
      { directory: path, name: newName, type },
      {
        onSuccess: (entry) => {
          setCreating(null);
          setNewName('');
          if (type === 'file') navigate(editHref(entry.path));
        },
      },
    );
  };

  const update = (id: number, patch: Partial<UploadItem>) => setUploads((items) => items.map((item) => (item.id === id ? { ...item, ...patch } : item)));

  /** Uploads one after another, each with its progress; a file over the limit is refused before it is sent. */
  const startUploads = (files: FileList | File[]) => {
    const directory = path;
    for (const file of Array.from(files)) {
      const item: UploadItem = { id: nextId.current++, name: file.name, size: file.size, progress: 0, state: 'waiting' };
      if (file.size > MAX_UPLOAD_BYTES) {
        item.state = 'failed';
        item.error = `${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded.`;
        setUploads((items) => [...items, item]);
        continue;
      }
      setUploads((items) => [...items, item]);
      uploadQueue.current = uploadQueue.current.then(async () => {
        update(item.id, { state: 'uploading' });
        try {
          await uploadFile(directory, file, (progress) => update(item.id, { progress }));
          update(item.id, { state: 'done', progress: 1 });
        } catch (error) {
          update(item.id, { state: 'failed', error: errorMessage(error) });
        }
        refreshFiles(queryClient);
      });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) startUploads(event.dataTransfer.files);
  };

  const entries = (listing.data?.entries ?? []).filter((entry) => showHidden || !entry.name.startsWith('.'));
  const hiddenCount = (listing.data?.entries.length ?? 0) - entries.length;
  /** Entries to show in all: the loaded ones, plus (while pages remain) those not loaded yet, whatever they are. */
  const entryCount = listing.hasNextPage && listing.data ? listing.data.total - hiddenCount : entries.length;
  const folderName = path === home ? home : baseName(path);

  return (
    <Card
      className={['files-browser', dragging ? 'files-dragging' : ''].filter(Boolean).join(' ')}
      title={<Breadcrumbs path={path} home={home} hrefFor={browseHref} />}
      actions={
        <div className="button-row">
          <Button variant="secondary" size="sm" onClick={() => setCreating('file')}>
            New file
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setCreating('directory')}>
            New folder
          </Button>
          <Button size="sm" onClick={() => fileInput.current?.click()}>
            Upload files
          </Button>
          <a className="btn btn-ghost btn-sm" href={filesUrls.download(path)} download>
            Download folder (.tar.gz)
          </a>
        </div>
      }
    >
      <div
        className="files-dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="files-dropzone"
      >
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(event) => {
            if (event.target.files?.length) startUploads(event.target.files);
            event.target.value = '';
          }}
        />
        {creating && (
          <form className="inline-form files-new" onSubmit={submitNew}>
            <label htmlFor="files-new-name" className="field-label">
              {creating === 'file' ? 'New file name' : 'New folder name'}
            </label>
            <input
              id="files-new-name"
              className="input"
              autoFocus
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              placeholder={creating === 'file' ? 'flask_app.py' : 'templates'}
            />
            <Button type="submit" size="sm" loading={create.isPending} disabled={!newName}>
              Create
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setCreating(null);
                setNewName('');
                create.reset();
              }}
            >
              Cancel
            </Button>
            <ErrorAlert error={create.error} />
          </form>
        )}
        {uploads.length > 0 && (
          <ul className="files-uploads" aria-label="Uploads">
            {uploads.map((item) => (
              <li key={item.id} className={`files-upload files-upload-${item.state}`}>
                <span className="mono">{item.name}</span>
                <span className="small muted">{formatBytes(item.size)}</span>
                <progress max={1} value={item.progress} aria-label={`Upload of ${item.name}`} />
                <span className="small">
                  {item.state === 'waiting' && 'Waiting…'}
                  {item.state === 'uploading' && `${Math.round(item.progress * 100)}%`}
                  {item.state === 'done' && '✓ Uploaded'}
                  {item.state === 'failed' && <span className="files-error-text">{item.error}</span>}
                </span>
              </li>
            ))}
            <li>
              <Button variant="ghost" size="sm" onClick={() => setUploads((items) => items.filter((i) => i.state === 'waiting' || i.state === 'uploading'))}>
                Clear finished uploads
              </Button>
            </li>
          </ul>
        )}
        <ErrorAlert error={listing.error} />
        {listing.isPending && <Spinner />}
        {listing.data && (
          <>
            <div className="table-wrap">
              <table className="table files-table">
                <caption className="visually-hidden">Contents of {folderName}</caption>
                <TableHead columns={['Name', { label: 'Size', className: 'files-size' }, 'Modified', { label: 'Actions', hidden: true }]} />
                <tbody>
                  {listing.data.parent && (
                    <tr>
                      <td colSpan={4}>
                        <Link to={browseHref(listing.data.parent)} className="files-name">
                          <span aria-hidden="true">↰</span> Up to {baseName(listing.data.parent)}
                        </Link>
                      </td>
                    </tr>
                  )}
                  {entries.slice(0, limit).map((entry) => (
                    <EntryRow key={entry.name} entry={entry} browseHref={browseHref} editHref={editHref} onDelete={() => setToDelete(entry)} />
                  ))}
                </tbody>
              </table>
            </div>
            {entries.length === 0 && <p className="empty">This folder is empty. Drop files here to upload them.</p>}
            {(entries.length > limit || listing.hasNextPage) && (
              <Button
                variant="secondary"
                size="sm"
                disabled={listing.isFetchingNextPage}
                onClick={() => {
                  if (entries.length <= limit + PAGE * 4 && listing.hasNextPage) void listing.fetchNextPage();
                  setLimit((n) => n + PAGE * 4);
                }}
              >
                Show more ({entryCount - Math.min(limit, entries.length)} not shown)
              </Button>
            )}
            <div className="files-footer small muted">
              <span>
                {entryCount} {entryCount === 1 ? 'entry' : 'entries'}. Drag and drop files here to upload them (at most {formatBytes(MAX_UPLOAD_BYTES)} each).
              </span>
              <label className="files-hidden-toggle">
                <input type="checkbox" checked={showHidden} onChange={(event) => toggleHidden(event.target.checked)} /> Show hidden files
                {!showHidden && hiddenCount > 0 && ` (${hiddenCount})`}
              </label>
            </div>
          </>
        )}
      </div>
      <ConfirmDialog
        open={toDelete !== null}
        title={`Delete ${toDelete?.name}?`}
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setToDelete(null);
          remove.reset();
        }}
        onConfirm={() =>
          toDelete &&
          remove.mutate(toDelete.path, {
            onSuccess: () => setToDelete(null),
          })
        }
      >
        {toDelete?.type === 'directory'
          ? `The folder ${toDelete.path} and everything in it will be deleted. This cannot be undone.`
          : toDelete?.type === 'symlink'
            ? `The link ${toDelete.path} will be deleted (not what it points to).`
            : `${toDelete?.path} will be deleted. This cannot be undone.`}
      </ConfirmDialog>
    </Card>
  );
}

function EntryRow({ entry, browseHref, editHref, onDelete }: { entry: FileEntryView; browseHref: (p: string) => string; editHref: (p: string) => string; onDelete: () => void }) {
  const rename = useRenameEntry();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(entry.name);
  const href = entry.type === 'directory' ? browseHref(entry.path) : editHref(entry.path);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name === entry.name) return setRenaming(false);
    rename.mutate({ path: entry.path, newName: name }, { onSuccess: () => setRenaming(false) });
  };

  return (
    <tr>
      <td>
        {renaming ? (
          <form className="inline-form files-rename" onSubmit={submit}>
            <input className="input" aria-label={`New name for ${entry.name}`} value={name} autoFocus onChange={(event) => setName(event.target.value)} />
            <Button type="submit" size="sm" loading={rename.isPending} disabled={!name}>
              Rename
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setRenaming(false);
                setName(entry.name);
                rename.reset();
              }}
            >
              Cancel
            </Button>
            {rename.error && <span className="small files-error-text">{rename.error.message}</span>}
          </form>
        ) : (
          <Link to={href} className="files-name">
            <FileIcon type={entry.type} /> <span className="mono">{entry.name}</span>
            {entry.type === 'directory' && '/'}
            {entry.symlinkTarget !== null && <span className="small muted"> → {entry.symlinkTarget}</span>}
          </Link>
        )}
      </td>
      <td className="files-size small">{entry.type === 'directory' ? '—' : formatBytes(entry.size)}</td>
      <td className="small" title={formatFullDateTime(entry.modifiedAt)}>
        {formatDateTime(entry.modifiedAt)}
      </td>
      <td className="cell-actions">
        <a className="btn btn-ghost btn-sm" href={filesUrls.download(entry.path)} download aria-label={`Download ${entry.name}`}>
          Download
        </a>
        <Button variant="secondary" size="sm" onClick={() => setRenaming(true)} aria-label={`Rename ${entry.name}`}>
          Rename
        </Button>
        <Button variant="danger" size="sm" onClick={onDelete} aria-label={`Delete ${entry.name}`}>
          Delete
        </Button>
      </td>
    </tr>
  );
}
