import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useBlocker } from 'react-router-dom';
import { ApiError } from '../../api';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Spinner } from '../../components/Spinner';
import { formatBytes, formatDateTime } from '../../lib/format';
import type { CodeEditorHandle } from './CodeEditor';
import { filesUrls, saveFile } from './filesApi';
import { Breadcrumbs } from './Breadcrumbs';
import { refreshFiles, useFileContent, useWebAppsForFiles } from './hooks';
import { baseName, isUnder, languageOf, parentOf } from './paths';
import { ReloadWebAppButton } from './ReloadWebAppButton';
import { SaveAndRunButton } from './SaveAndRunButton';
import { ShareFileButton } from './ShareFileButton';
import { usePageTitle } from '../../lib/usePageTitle';
import { RunConsolePanel } from './RunConsolePanel';
import type { ConsoleView } from '@panel/contracts';

const CodeEditor = lazy(() => import('./CodeEditor'));

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; error: unknown } | { kind: 'conflict'; message: string };

/** The editor: CodeMirror, Ctrl-S, the changed-on-disk check, and "Reload <domain>" for files of a web app. */
export function FileEditor({ path, home, browseHref }: { path: string; home: string; browseHref: (path: string) => string }) {
  const content = useFileContent(path);
  usePageTitle(path.split('/').pop() || path, 'thing');
  const webapps = useWebAppsForFiles();
  const queryClient = useQueryClient();
  const handle = useRef<CodeEditorHandle | null>(null);
  const [running, setRunning] = useState<ConsoleView | null>(null);
  const [runError, setRunError] = useState<Error | null>(null);
  const version = useRef<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const saving = useRef(false);

  useEffect(() => {
    if (content.data) version.current = content.data.version;
  }, [content.data]);

  /** Saves what the editor holds; `force` overwrites whatever is on disk. Resolves true when saved. */
  const save = useCallback(
    async (force = false): Promise<boolean> => {
      if (!handle.current || saving.current) return false;
      saving.current = true;
      const text = handle.current.getText();
      setState({ kind: 'saving' });
      try {
        const result = await saveFile(path, text, force ? undefined : (version.current ?? undefined));
        version.current = result.version;
        setDirty(handle.current?.getText() !== text);
        setState({ kind: 'saved', at: new Date() });
        refreshFiles(queryClient);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) setState({ kind: 'conflict', message: error.message });
        else setState({ kind: 'error', error });
        return false;
      } finally {
        saving.current = false;
      }
    },
    [path, queryClient],
  );

  /** Takes what is on disk now, dropping the editor's changes. */
  const reloadFromDisk = async () => {
    const fresh = await content.refetch();
    if (fresh.error || !fresh.data) throw fresh.error ?? new Error('The file could not be read.');
    handle.current?.setText(fresh.data.content);
    version.current = fresh.data.version;
    setDirty(false);
    setState({ kind: 'idle' });
  };

  // Ctrl-S anywhere on the page saves (the browser's own "Save page" would be useless here).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [save]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  const name = baseName(path);
  const apps = (webapps.data ?? []).filter((app) => isUnder(path, app.sourceDirectory));

  if (content.isPending) return <Spinner label={`Opening ${name}…`} />;
  if (content.error) {
    const isFolder = content.error instanceof ApiError && /is a folder/.test(content.error.message);
    return (
      <div className="stack">
        <Breadcrumbs path={path} home={home} hrefFor={browseHref} />
        <ErrorAlert error={content.error} title={`${name} cannot be opened in the editor`} />
        <div className="button-row">
          {isFolder ? (
            <Link className="btn btn-primary" to={browseHref(path)}>
              Open the folder
            </Link>
          ) : (
            <a className="btn btn-secondary" href={filesUrls.download(path)} download>
              Download {name}
            </a>
          )}
          <Link className="btn btn-ghost" to={browseHref(parentOf(path))}>
            Back to the folder
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="files-editor stack">
      <Breadcrumbs path={path} home={home} hrefFor={browseHref} />
      <div className="files-editor-toolbar" role="toolbar" aria-label="Editor">
        <Button onClick={() => void save()} loading={state.kind === 'saving'} title="Save (Ctrl-S)">
          Save
        </Button>
        {apps.map((app) => (
          <ReloadWebAppButton key={app.domain} domain={app.domain} beforeReload={() => (dirty ? save() : Promise.resolve(true))} />
        ))}
        {name.endsWith('.py') && <SaveAndRunButton path={path} save={() => save()} onStarted={setRunning} onError={setRunError} />}
        <a className="btn btn-ghost" href={filesUrls.download(path)} download>
          Download
        </a>
        <ShareFileButton path={path} />
        <span className="files-editor-status small" role="status">
          {state.kind === 'saving' && 'Saving…'}
          {state.kind === 'saved' && !dirty && `✓ Saved at ${state.at.toLocaleTimeString()}`}
          {dirty && state.kind !== 'saving' && 'Unsaved changes'}
          {!dirty && state.kind === 'idle' && content.data && (
            <span className="muted">
              {formatBytes(content.data.size)}, modified {formatDateTime(content.data.modifiedAt)}
            </span>
          )}
        </span>
      </div>
      {state.kind === 'error' && <ErrorAlert error={state.error} title="Not saved" />}
      {runError && <ErrorAlert error={runError} title={`${name} could not be run`} />}
      {state.kind === 'conflict' && (
        <div role="alert" className="alert files-alert-warning">
          <strong className="alert-title">{name} changed on disk</strong>
          <span>{state.message}</span>
          <div className="button-row">
            <Button variant="danger" size="sm" onClick={() => void save(true)}>
              Overwrite with my version
            </Button>
            <Button variant="secondary" size="sm" onClick={() => void reloadFromDisk().catch((error) => setState({ kind: 'error', error }))}>
              Reload from disk (lose my changes)
            </Button>
          </div>
        </div>
      )}
      <Suspense fallback={<Spinner label="Loading the editor…" />}>
        <CodeEditor
          key={path}
          handleRef={handle}
          initialText={content.data.content}
          language={languageOf(path)}
          label={`Contents of ${name}`}
          onChange={() => setDirty(true)}
          onSave={() => void save()}
        />
      </Suspense>
      {running && <RunConsolePanel key={running.id} console={running} onClose={() => setRunning(null)} />}
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title={`Leave ${name} without saving?`}
        confirmLabel="Discard my changes"
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        Your changes to {name} are not saved.
      </ConfirmDialog>
    </div>
  );
}
