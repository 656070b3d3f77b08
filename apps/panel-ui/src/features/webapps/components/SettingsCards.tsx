import type { WebAppView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../../components/FormField';
import { useUpdateWebApp } from '../hooks';
import { parseWorkers } from '../webappText';
import { MigrationsPanel } from './MigrationsPanel';
import { Saved } from './Saved';

/** "Workers": how many processes serve the app. */
export function WorkersCard({ app }: { app: WebAppView }) {
  const update = useUpdateWebApp(app.domain);
  const [value, setValue] = useState(String(app.workers));
  const [invalid, setInvalid] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.reset();
    const workers = parseWorkers(value);
    if (workers === null) return setInvalid('Workers is a whole number from 1 to 8.');
    setInvalid(null);
    update.mutate({ workers });
  };

  return (
    <Card title="Workers" description="Processes serving requests in parallel.">
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Workers"
          type="number"
          min={1}
          max={8}
          step={1}
          inputMode="numeric"
          className="input-short"
          value={value}
          onChange={(event) => {
            update.reset();
            setValue(event.target.value);
          }}
          error={invalid ?? undefined}
        />
        <Button type="submit" loading={update.isPending}>
          Save workers
        </Button>
        {update.isSuccess && <Saved />}
      </form>
      <ErrorAlert error={update.error} />
    </Card>
  );
}

/** "Database migrations": whether a reload runs `flask db upgrade` first. */
export function MigrationsCard({ app }: { app: WebAppView }) {
  const update = useUpdateWebApp(app.domain);
  return (
    <Card title="Database migrations">
      <CheckboxField
        label="Run migrations on reload"
        hint={
          <>
            Runs <code>flask db upgrade</code> in the source directory before the new version starts (Flask-Migrate).
          </>
        }
        checked={update.isPending ? Boolean(update.variables?.runMigrationsOnReload) : app.runMigrationsOnReload}
        disabled={update.isPending}
        onChange={(event) => {
          update.reset();
          update.mutate({ runMigrationsOnReload: event.target.checked });
        }}
      />
      <ErrorAlert error={update.error} />
      <MigrationsPanel app={app} />
    </Card>
  );
}
