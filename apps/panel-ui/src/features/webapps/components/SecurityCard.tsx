import type { WebAppView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../../components/FormField';
import { useUpdateWebApp } from '../hooks';
import { Saved } from './Saved';

/** "Security": force HTTPS, and password protection (HTTP basic auth) for the whole site. */
export function SecurityCard({ app }: { app: WebAppView }) {
  const https = useUpdateWebApp(app.domain);
  const protection = useUpdateWebApp(app.domain);
  const [enabled, setEnabled] = useState(app.passwordProtection.enabled);
  const [username, setUsername] = useState(app.passwordProtection.username ?? '');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    protection.reset();
    if (enabled && !username.trim()) return setInvalid('Password protection needs a username.');
    if (enabled && !password && !app.passwordProtection.username) return setInvalid('Password protection needs a password.');
    setInvalid(null);
    protection.mutate(
      {
        passwordProtection: {
          enabled,
          ...(username.trim() ? { username: username.trim() } : {}),
          ...(password ? { password } : {}),
        },
      },
      { onSuccess: () => setPassword('') },
    );
  };

  return (
    <Card title="Security">
      <div className="stack">
        <CheckboxField
          label="Force HTTPS"
          hint="Redirect visitors who come over HTTP to HTTPS."
          // Shows the new value while it is being saved; the server's once saved (or back, on an error).
          checked={https.isPending ? Boolean(https.variables?.forceHttps) : app.forceHttps}
          disabled={https.isPending}
          onChange={(event) => {
            https.reset();
            https.mutate({ forceHttps: event.target.checked });
          }}
        />
        <ErrorAlert error={https.error} />
      </div>
      <form className="form subsection" onSubmit={onSubmit} noValidate>
        <CheckboxField
          label="Password protection"
          hint="Visitors must log in with this username and password (HTTP basic auth) to see the site."
          checked={enabled}
          onChange={(event) => {
            protection.reset();
            setEnabled(event.target.checked);
          }}
        />
        <div className="form-row">
          <TextField
            label="Username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => {
              protection.reset();
              setUsername(event.target.value);
            }}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            placeholder={app.passwordProtection.username ? 'Leave empty to keep the current one' : ''}
            value={password}
            onChange={(event) => {
              protection.reset();
              setPassword(event.target.value);
            }}
          />
        </div>
        <ErrorAlert error={invalid ?? protection.error} />
        <div className="button-row">
          <Button type="submit" loading={protection.isPending}>
            Save password protection
          </Button>
          {protection.isSuccess && <Saved />}
        </div>
      </form>
    </Card>
  );
}
