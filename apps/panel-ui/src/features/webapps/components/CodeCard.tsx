import { PYTHON_VERSIONS, type WebAppView } from '@panel/contracts';
import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/FormField';
import { Spinner } from '../../../components/Spinner';
import { useSaveWsgiFile, useUpdateWebApp, useWsgiFile } from '../hooks';
import { codeSettingsPatch } from '../webappText';
import { Saved } from './Saved';
import type { CodeEditorHandle } from '../../files/CodeEditor';

const CodeEditor = lazy(() => import('../../files/CodeEditor'));

/** "Code": where the code is, the working directory, the WSGI file (with its editor) and the Python version. */
export function CodeCard({ app }: { app: WebAppView }) {
  const update = useUpdateWebApp(app.domain);
  const [sourceDirectory, setSourceDirectory] = useState(app.sourceDirectory);
  const [workingDirectory, setWorkingDirectory] = useState(app.workingDirectory);
  const [pythonVersion, setPythonVersion] = useState(app.pythonVersion);
  const [editing, setEditing] = useState(false);
  const patch = codeSettingsPatch(app, { sourceDirectory, workingDirectory, pythonVersion });
  const changed = Object.keys(patch).length > 0;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.reset();
    if (!changed) return;
    update.mutate(patch, {
      onSuccess: (saved) => {
        setSourceDirectory(saved.sourceDirectory);
        setWorkingDirectory(saved.workingDirectory);
        setPythonVersion(saved.pythonVersion);
      },
    });
  };

  return (
    <Card title="Code" description="What your web app runs and where.">
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <TextField
            label="Source directory"
            hint="Where your code is."
            spellCheck={false}
            value={sourceDirectory}
            onChange={(event) => {
              update.reset();
              setSourceDirectory(event.target.value);
            }}
          />
          <TextField
            label="Working directory"
            hint="The current directory of the app's processes."
            spellCheck={false}
            value={workingDirectory}
            onChange={(event) => {
              update.reset();
              setWorkingDirectory(event.target.value);
            }}
          />
        </div>
        <SelectField
          label="Python version"
          hint="A virtualenv must use the same version."
          value={pythonVersion}
          onChange={(event) => {
            update.reset();
            setPythonVersion(event.target.value);
          }}
        >
          {PYTHON_VERSIONS.map((v) => (
            <option key={v} value={v}>
              Python {v}
            </option>
          ))}
        </SelectField>
        <ErrorAlert error={update.error} />
        <div className="button-row">
          <Button type="submit" loading={update.isPending} disabled={!changed}>
            Save code settings
          </Button>
          {update.isSuccess && !changed && <Saved />}
        </div>
      </form>
      <div className="subsection">
        <div className="wsgi-row">
          <div>
            <h3 className="subheading">WSGI configuration file</h3>
            <span className="mono small" data-testid="wsgi-path">
              {app.wsgiFile}
            </span>
          </div>
          <Button variant="secondary" size="sm" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
            {editing ? 'Close editor' : 'Edit WSGI file'}
          </Button>
        </div>
        {editing && <WsgiEditor domain={app.domain} />}
      </div>
    </Card>
  );
}

function WsgiEditor({ domain }: { domain: string }) {
  const file = useWsgiFile(domain, true);
  const save = useSaveWsgiFile(domain);
  const [draft, setDraft] = useState<string | null>(null);
  const handle = useRef<CodeEditorHandle | null>(null);
  const content = draft ?? file.data?.content ?? '';
  const submit = () => {
    save.reset();
    save.mutate(handle.current?.getText() ?? content, { onSuccess: () => setDraft(null) });
  };

  if (file.isPending) return <Spinner />;
  if (file.error) return <ErrorAlert error={file.error} />;

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {/* The same editor as the Files tab (CodeMirror, Python, Ctrl-S saves). */}
      <Suspense fallback={<Spinner label="Loading the editor…" />}>
        <div className="wsgi-editor">
          <CodeEditor
            initialText={file.data?.content ?? ''}
            language="python"
            label="WSGI configuration file"
            handleRef={handle}
            onChange={(text) => {
              save.reset();
              setDraft(text);
            }}
            onSave={() => submit()}
          />
        </div>
      </Suspense>
      <p className="field-hint">Saving the file reloads the web app.</p>
      <ErrorAlert error={save.error} />
      <div className="button-row">
        <Button type="submit" loading={save.isPending}>
          Save WSGI file
        </Button>
        {save.isSuccess && draft === null && <Saved text="Saved. The web app reloads with the new file." />}
      </div>
    </form>
  );
}
