import type { ApiTokenView, CreatedApiTokenView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { formatDateTime, formatFullDateTime } from '../../lib/format';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './hooks';
import { TableHead } from '../../components/TableHead';

export function ApiTokensCard() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);

  const closeDialog = () => {
    setRevoking(null);
    revoke.reset();
  };

  return (
    <Card
      title="API token"
      description={
        <>
          Tokens let scripts use the API as you: send <code>Authorization: Token &lt;token&gt;</code> with each request.
        </>
      }
    >
      <ErrorAlert error={tokens.error} />
      {tokens.isPending ? (
        <Spinner />
      ) : tokens.data && tokens.data.length === 0 ? (
        <p className="empty">You have no API tokens.</p>
      ) : tokens.data ? (
        <div className="table-wrap">
          <table className="table">
            <TableHead columns={['Name', 'Token', 'Created', 'Last used', { label: 'Actions', hidden: true }]} />
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td title={formatFullDateTime(token.createdAt)}>{formatDateTime(token.createdAt)}</td>
                  <td title={formatFullDateTime(token.lastUsedAt)}>{formatDateTime(token.lastUsedAt, 'Never')}</td>
                  <td className="cell-actions">
                    <Button variant="danger" size="sm" onClick={() => setRevoking(token)}>
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <CreateTokenForm />

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this API token?"
        confirmLabel="Revoke"
        busy={revoke.isPending}
        error={revoke.error}
        onCancel={closeDialog}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: closeDialog })}
      >
        <p>
          Scripts using <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>) will stop working at once.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

function CreateTokenForm() {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiTokenView | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    if (!name.trim()) {
      setInvalid('A token needs a name.');
      return;
    }
    setInvalid(null);
    create.mutate(name.trim(), {
      onSuccess: (token) => {
        setCreated(token);
        setName('');
      },
    });
  };

  return (
    <div className="subsection">
      <h3 className="subheading">Create a new API token</h3>
      {created && <CreatedToken token={created} onDone={() => setCreated(null)} />}
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Name"
          name="token-name"
          placeholder="e.g. deploy script"
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <Button type="submit" loading={create.isPending}>
          Create token
        </Button>
      </form>
      <ErrorAlert error={invalid ?? create.error} />
    </div>
  );
}

function CreatedToken({ token, onDone }: { token: CreatedApiTokenView; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="created-token" role="status">
      <p>
        Your new token <strong>{token.name}</strong>:
      </p>
      <div className="copy-row">
        <code className="token-value" data-testid="created-token" onFocus={selectContents} tabIndex={0}>
          {token.token}
        </code>
        <Button variant="secondary" size="sm" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {copied === false && <p className="small">Could not copy automatically: select the token and copy it yourself.</p>}
      <p className="small strong">Copy it now: it won't be shown again.</p>
      <Button variant="ghost" size="sm" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

function selectContents(event: { currentTarget: HTMLElement }) {
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(event.currentTarget);
  selection?.removeAllRanges();
  selection?.addRange(range);
}
