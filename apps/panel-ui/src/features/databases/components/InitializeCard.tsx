import { DATABASE_ENGINE_LABELS, type DatabaseEngineView } from '@panel/contracts';
import type { FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useInitializeEngine } from '../hooks';
import { PasswordFields, usePasswordPair } from './PasswordFields';

/** "Initialize MySQL": the account's database user with a password of the user's choosing, and <username>$default. */
export function InitializeCard({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  const initialize = useInitializeEngine(view.engine);
  const password = usePasswordPair();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    initialize.reset();
    const valid = password.validate();
    if (valid) initialize.mutate(valid, { onSuccess: () => password.reset() });
  };

  return (
    <Card
      title={`Initialize ${label}`}
      description={
        <>
          Choose the password of your {label} user <span className="mono">{view.username}</span>. This creates the user, the database{' '}
          <span className="mono">{view.defaultDatabase}</span>, and <span className="mono">{view.credentialsFile}</span> so that{' '}
          <code>{view.engine === 'mysql' ? 'mysql' : 'psql'}</code> in a bash console needs no password. Use a password you use
          nowhere else: your web apps' code will hold it.
        </>
      }
    >
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <PasswordFields state={password} label={`New ${label} password`} />
        <ErrorAlert error={initialize.error} />
        <div>
          <Button type="submit" loading={initialize.isPending}>
            Initialize {label}
          </Button>
        </div>
      </form>
    </Card>
  );
}
