import { DATABASE_ENGINE_LABELS, DATABASE_NAME_RULE, databaseNameProblem, type DatabaseEngineView } from '@panel/contracts';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCreateDatabase } from '../hooks';

export function CreateDatabaseCard({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  const create = useCreateDatabase(view.engine);
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const id = useId();
  const prefix = `${view.username}$`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    setCreated(null);
    const suffix = name.trim().startsWith(prefix) ? name.trim().slice(prefix.length) : name.trim();
    const problem = databaseNameProblem(view.username, suffix);
    if (problem) return setInvalid(problem);
    setInvalid(null);
    create.mutate(suffix, {
      onSuccess: (db) => {
        setCreated(db.name);
        setName('');
      },
    });
  };

  return (
    <Card title={`Create a ${label} database`}>
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor={id}>
            Database name
          </label>
          <div className="database-name-input">
            <span className="database-prefix" aria-hidden="true">
              {prefix}
            </span>
            <input
              id={id}
              className="input"
              name="database-name"
              placeholder="e.g. comments"
              autoCapitalize="none"
              autoComplete="off"
              spellCheck={false}
              maxLength={63}
              value={name}
              aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ''}`}
              aria-invalid={invalid ? true : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <p className="field-hint" id={`${id}-hint`}>
            {DATABASE_NAME_RULE}
          </p>
          {invalid && (
            <p className="field-error" id={`${id}-error`}>
              {invalid}
            </p>
          )}
        </div>
        <ErrorAlert error={create.error} />
        {created && (
          <div className="alert alert-success" role="status">
            <span>
              Created <span className="mono">{created}</span>.
            </span>
          </div>
        )}
        <div>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </div>
      </form>
    </Card>
  );
}
