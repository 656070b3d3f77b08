import type { AdminAccountView, AdminDeleteAccountView } from '@panel/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDeleteAccount } from './accountHooks';

/** Deleting an account removes everything of it for good: the operator types its username first. */
export function DeleteAccountDialog({
  account,
  onClose,
  onDeleted,
}: {
  account: AdminAccountView;
  onClose: () => void;
  onDeleted: (deleted: AdminDeleteAccountView) => void;
}) {
  const remove = useDeleteAccount();
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = remove.isPending;
  const name = account.username;

  useEffect(() => {
    inputRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !busy) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [busy, onClose]);

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && !busy && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onSubmit={(event) => {
          event.preventDefault();
          if (typed === name) remove.mutate({ id: account.id, confirm: typed }, { onSuccess: onDeleted });
        }}
      >
        <h2 className="dialog-title" id={titleId}>
          Delete the account {name}?
        </h2>
        <div className="dialog-body">
          <p>
            Everything of it is deleted for good: its files, web apps and their logs, consoles, scheduled and always-on tasks,
            MySQL and PostgreSQL databases and users, and API tokens. It is signed out at once. To keep it but stop it, disable it
            instead.
          </p>
          <div className="field">
            <label className="field-label" htmlFor={inputId}>
              Type <span className="mono">{name}</span> to confirm
            </label>
            <input
              id={inputId}
              ref={inputRef}
              className="input mono"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
        </div>
        <ErrorAlert error={remove.error} />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={typed !== name} loading={busy}>
            Delete account
          </Button>
        </div>
      </form>
    </div>
  );
}
