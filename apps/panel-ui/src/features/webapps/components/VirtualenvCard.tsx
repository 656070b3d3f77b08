import type { WebAppView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/FormField';
import { useEnvironments } from '../../environments/hooks';
import { useUpdateWebApp } from '../hooks';
import { Saved } from './Saved';

/** "Virtualenv": the current one, a path or name to set, one of the account's environments to pick, or none. */
export function VirtualenvCard({ app }: { app: WebAppView }) {
  const update = useUpdateWebApp(app.domain);
  const environments = useEnvironments();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  // What the pending or last successful update did: Remove sends null, Save a path or name.
  const lastAction = update.variables === undefined ? null : update.variables.virtualenv === null ? 'remove' : 'save';

  const save = (virtualenv: string | null) => {
    update.reset();
    update.mutate({ virtualenv }, { onSuccess: () => setValue('') });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return setInvalid('Enter a path or the name of an environment.');
    setInvalid(null);
    save(value.trim());
  };

  return (
    <Card
      title="Virtualenv"
      description={
        <>
          The Python environment your app's packages come from. <Link to="/environments">Manage your environments</Link>.
        </>
      }
    >
      <div className="current-value">
        <span className="muted small">Current virtualenv:</span>{' '}
        {app.virtualenv ? (
          <>
            <span className="mono" data-testid="virtualenv-path">
              {app.virtualenv}
            </span>{' '}
            <button type="button" className="link-button link-danger" onClick={() => save(null)} disabled={update.isPending}>
              Remove
            </button>
          </>
        ) : (
          <span className="muted" data-testid="virtualenv-path">
            None (the Python version's system packages)
          </span>
        )}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <TextField
            label="Enter path to a virtualenv, or a name from ~/.virtualenvs"
            placeholder={`e.g. mysite-env or /home/…/.virtualenvs/mysite-env`}
            spellCheck={false}
            autoCapitalize="none"
            value={value}
            onChange={(event) => {
              update.reset();
              setValue(event.target.value);
            }}
            error={invalid ?? undefined}
          />
          <SelectField
            label="Or choose one of your environments"
            value=""
            onChange={(event) => {
              update.reset();
              if (event.target.value) setValue(event.target.value);
            }}
            disabled={!environments.data?.length}
          >
            <option value="">{environments.data?.length ? 'Choose an environment…' : 'You have no environments'}</option>
            {environments.data?.map((env) => (
              <option key={env.name} value={env.name} disabled={env.status !== 'ready'}>
                {env.name} (Python {env.pythonVersion ?? '?'}){env.status !== 'ready' ? ` — ${env.status}` : ''}
                {env.pythonVersion && env.pythonVersion !== app.pythonVersion ? ' — other Python version' : ''}
              </option>
            ))}
          </SelectField>
        </div>
        <ErrorAlert error={update.error} />
        <div className="button-row">
          <Button type="submit" loading={update.isPending && lastAction === 'save'}>
            Save virtualenv
          </Button>
          {update.isSuccess && <Saved text={lastAction === 'remove' ? 'Removed. Reload the web app to use the change.' : undefined} />}
        </div>
      </form>
      <ErrorAlert error={environments.error} />
    </Card>
  );
}
