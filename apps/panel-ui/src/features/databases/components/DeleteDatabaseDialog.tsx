import { DATABASE_ENGINE_LABELS, type DatabaseEngine } from '@panel/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useDeleteDatabase } from '../hooks';

/** Deleting a database is its own explicit action: the user types its whole name first. */
export function DeleteDatabaseDialog({ engine, name, onClose }: { engine: DatabaseEngine; name: string; onClose: () => void }) {
  const remove = useDeleteDatabase(engine);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = remove.isPending;

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
          if (typed === name) remove.mutate(name, { onSuccess: onClose });
        }}
      >
        <h2 className="dialog-title" id={titleId}>
          Delete {name}?
        </h2>
        <div className="dialog-body">
          <p>
            The {DATABASE_ENGINE_LABELS[engine]} database and all its tables and data are deleted for good. Dumps you made stay in
            ~/.dumps.
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
            Delete database
          </Button>
        </div>
      </form>
    </div>
  );
}
