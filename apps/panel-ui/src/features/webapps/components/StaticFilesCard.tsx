import type { StaticFileView, WebAppView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextField } from '../../../components/FormField';
import { useCurrentSession } from '../../auth/hooks';
import { useAddStaticFile, useDeleteStaticFile, useUpdateStaticFile } from '../hooks';
import { ApiError } from '../../../api';
import { useDirectory } from '../../files/hooks';
import { TableHead } from '../../../components/TableHead';

/** "Static files": URL prefixes served straight from a directory, without the app. */
export function StaticFilesCard({ app }: { app: WebAppView }) {
  const remove = useDeleteStaticFile(app.domain);
  const [editing, setEditing] = useState<number | null>(null);

  return (
    <Card title="Static files" description="Files under a URL are served from a directory by the web server, without your app.">
      {app.staticFiles.length === 0 ? (
        <p className="empty">No static file mappings.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Static files">
            <TableHead columns={['URL', 'Directory', { label: 'Actions', hidden: true }]} />
            <tbody>
              {app.staticFiles.map((file) =>
                editing === file.id ? (
                  <EditRow key={file.id} domain={app.domain} file={file} onDone={() => setEditing(null)} />
                ) : (
                  <tr key={file.id}>
                    <td className="mono">{file.url}</td>
                    <td>
                      <span className="mono">{file.path}</span>
                      <MissingFolderWarning url={file.url} path={file.path} />
                    </td>
                    <td className="cell-actions">
                      <div className="button-row">
                        <Button variant="secondary" size="sm" aria-label={`Edit ${file.url}`} onClick={() => setEditing(file.id)}>
                          Edit
                        </Button>
                        <Button
                          variant="danger"
                          size="sm"
                          aria-label={`Delete ${file.url}`}
                          loading={remove.isPending && remove.variables === file.id}
                          onClick={() => remove.mutate(file.id)}
                        >
                          Delete
                        </Button>
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <ErrorAlert error={remove.error} />
      <AddStaticFileForm domain={app.domain} />
    </Card>
  );
}

/** A mapping to a folder that is not there serves nothing but 404s: say so beside it (it is kept: it may come later). */
function MissingFolderWarning({ url, path }: { url: string; path: string }) {
  const folder = useDirectory(path);
  if (!(folder.error instanceof ApiError) || folder.error.isServerError || folder.error.status === 0) return null;
  return (
    <span className="field-error cell-note" role="note">
      {folder.error.status === 404
        ? `This folder does not exist: requests under ${url} get "not found" until you create it.`
        : `${folder.error.message} Requests under ${url} get "not found".`}
    </span>
  );
}

function EditRow({ domain, file, onDone }: { domain: string; file: StaticFileView; onDone: () => void }) {
  const update = useUpdateStaticFile(domain);
  const [url, setUrl] = useState(file.url);
  const [path, setPath] = useState(file.path);

  return (
    <>
      <tr className="row-selected">
        <td>
          <input className="input" aria-label={`URL of ${file.url}`} value={url} onChange={(event) => setUrl(event.target.value)} />
        </td>
        <td>
          <input className="input" aria-label={`Directory of ${file.url}`} value={path} onChange={(event) => setPath(event.target.value)} />
        </td>
        <td className="cell-actions">
          <div className="button-row">
            <Button size="sm" loading={update.isPending} onClick={() => update.mutate({ id: file.id, url: url.trim(), path: path.trim() }, { onSuccess: onDone })}>
              Save mapping
            </Button>
            <Button variant="ghost" size="sm" onClick={onDone}>
              Cancel
            </Button>
          </div>
        </td>
      </tr>
      {update.error ? (
        <tr>
          <td colSpan={3}>
            <ErrorAlert error={update.error} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AddStaticFileForm({ domain }: { domain: string }) {
  const { account } = useCurrentSession();
  const add = useAddStaticFile(domain);
  const [url, setUrl] = useState('');
  const [path, setPath] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.reset();
    if (!url.trim().startsWith('/')) return setInvalid('A static URL starts with "/", e.g. /static/.');
    if (!path.trim()) return setInvalid('Enter the directory the files are in.');
    setInvalid(null);
    add.mutate(
      { url: url.trim(), path: path.trim() },
      {
        onSuccess: () => {
          setUrl('');
          setPath('');
        },
      },
    );
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      <TextField label="Static URL" placeholder="/static/" spellCheck={false} value={url} onChange={(event) => setUrl(event.target.value)} />
      <TextField
        label="Static directory"
        placeholder={`/home/${account.username}/mysite/static`}
        spellCheck={false}
        value={path}
        onChange={(event) => setPath(event.target.value)}
      />
      <Button type="submit" loading={add.isPending}>
        Add mapping
      </Button>
      <div className="inline-form-error">
        <ErrorAlert error={invalid ?? add.error} />
      </div>
    </form>
  );
}
