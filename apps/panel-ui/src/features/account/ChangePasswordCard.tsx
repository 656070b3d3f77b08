import { PASSWORD_RULE, passwordSchema } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';
import { useChangePassword } from './hooks';

export function ChangePasswordCard() {
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    change.reset();
    setDone(false);
    if (!currentPassword) return setInvalid('Enter your current password.');
    if (!passwordSchema.safeParse(newPassword).success) return setInvalid(PASSWORD_RULE);
    if (newPassword !== repeat) return setInvalid("The new passwords don't match.");
    setInvalid(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setDone(true);
          setCurrentPassword('');
          setNewPassword('');
          setRepeat('');
        },
      },
    );
  };

  return (
    <Card title="Change password" description="Changing it signs out your other sessions.">
      <form className="form form-narrow" onSubmit={onSubmit} noValidate>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={PASSWORD_RULE}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
        />
        <TextField
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
          error={repeat && newPassword && repeat !== newPassword && !newPassword.startsWith(repeat) ? "Doesn't match the new password." : undefined}
        />
        <ErrorAlert error={invalid ?? change.error} />
        {done && (
          <div className="alert alert-success" role="status">
            Your password has been changed.
          </div>
        )}
        <div>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
