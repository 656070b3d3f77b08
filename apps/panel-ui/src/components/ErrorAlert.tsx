import { ApiError, errorMessage } from '../api';

export interface ErrorAlertProps {
  /** Anything a query or mutation threw, or a message; nothing is rendered when it is empty. */
  error: unknown;
  title?: string;
  className?: string;
}

/** An error for the user: the server's message, and for server faults the error id to quote to an operator. */
export function ErrorAlert({ error, title, className }: ErrorAlertProps) {
  if (error === null || error === undefined || error === false || error === '') return null;
  const message = errorMessage(error);
  const errorId = error instanceof ApiError && error.isServerError ? error.errorId : undefined;
  return (
    <div role="alert" className={['alert', 'alert-error', className ?? ''].filter(Boolean).join(' ')}>
      {title && <strong className="alert-title">{title}</strong>}
      <span>{message}</span>
      {errorId && !message.includes(errorId) && (
        <span className="alert-detail">
          Error id: <code>{errorId}</code>
        </span>
      )}
    </div>
  );
}
