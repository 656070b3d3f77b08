import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';

interface CredentialsFormProps {
  submitLabel: string;
  passwordAutoComplete: 'current-password' | 'new-password';
  usernameHint?: string;
  passwordHint?: string;
  pending: boolean;
  /** The request's error. */
  error: unknown;
  /** Checks and sends the trimmed username and the password; returns a message when they are not acceptable. */
  onSubmit: (username: string, password: string) => string | null;
}

/** The username + password form of the log-in and sign-up pages. */
export function CredentialsForm({ submitLabel, passwordAutoComplete, usernameHint, passwordHint, pending, error, onSubmit }: CredentialsFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvalid(onSubmit(username.trim(), password));
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        hint={usernameHint}
        value={username}
        onChange={(event) => setUsername(event.target.value)}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={passwordAutoComplete}
        required
        hint={passwordHint}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <ErrorAlert error={invalid ?? error} />
      <Button type="submit" className="btn-block" loading={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
