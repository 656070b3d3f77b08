import { DATABASE_ENGINE_LABELS, type DatabaseEngineView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useSetDatabasePassword } from '../hooks';
import { PasswordFields, usePasswordPair } from './PasswordFields';

export function PasswordCard({ view }: { view: DatabaseEngineView }) {
  const label = DATABASE_ENGINE_LABELS[view.engine];
  const change = useSetDatabasePassword(view.engine);
  const password = usePasswordPair();
  const [done, setDone] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    change.reset();
    setDone(false);
    const valid = password.validate();
    if (valid) {
      change.mutate(valid, {
        onSuccess: () => {
          password.reset();
          setDone(true);
        },
      });
    }
  };

  return (
    <Card
      title={`Change your ${label} password`}
      description={
        <>
          <span className="mono">{view.credentialsFile}</span> is written again with the new password. Update it in your web apps'
          settings too, then reload them.
        </>
      }
    >
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <PasswordFields state={password} label={`New ${label} password`} />
        <ErrorAlert error={change.error} />
        {done && (
          <div className="alert alert-success" role="status">
            The {label} password is changed.
          </div>
        )}
        <div>
          <Button type="submit" variant="secondary" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
