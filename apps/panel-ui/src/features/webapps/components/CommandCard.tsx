import { WEBSITE_COMMAND_MAX, type WebAppView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextField } from '../../../components/FormField';
import { useUpdateWebApp } from '../hooks';
import { Saved } from './Saved';

/** A website's "Command" (made with the API v1 websites): what serves its domain on $DOMAIN_SOCKET. */
export function CommandCard({ app }: { app: WebAppView }) {
  const update = useUpdateWebApp(app.domain);
  const [command, setCommand] = useState(app.command ?? '');
  const changed = command.trim() !== (app.command ?? '');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.reset();
    if (!changed) return;
    update.mutate({ command: command.trim() }, { onSuccess: (saved) => setCommand(saved.command ?? '') });
  };

  return (
    <Card title="Command" description="This website is served by your own command, run in your container: it must serve HTTP on the Unix socket $DOMAIN_SOCKET.">
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Command"
          hint="For example: uvicorn --uds $DOMAIN_SOCKET main:app, or gunicorn --bind unix:$DOMAIN_SOCKET app:application. Its output goes to the server log, its errors to the error log."
          spellCheck={false}
          className="mono"
          maxLength={WEBSITE_COMMAND_MAX}
          value={command}
          onChange={(event) => {
            update.reset();
            setCommand(event.target.value);
          }}
        />
        <ErrorAlert error={update.error} />
        <div className="button-row">
          <Button type="submit" loading={update.isPending} disabled={!changed}>
            Save command
          </Button>
          {update.isSuccess && !changed && <Saved />}
        </div>
      </form>
    </Card>
  );
}
