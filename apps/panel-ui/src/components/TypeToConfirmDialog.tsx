import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button } from './Button';
import { ErrorAlert } from './ErrorAlert';

/**
 * A deletion that cannot be undone: the user types the exact name before the danger button works. Escape and a
 * click beside the dialog close it, except while the deletion runs.
 */
export function TypeToConfirmDialog({
  name,
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  name: string;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

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
          if (typed === name) onConfirm();
        }}
      >
        <h2 className="dialog-title" id={titleId}>
          {title}
        </h2>
        <div className="dialog-body">
          <p>{children}</p>
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
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={typed !== name} loading={busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </div>
  );
}
