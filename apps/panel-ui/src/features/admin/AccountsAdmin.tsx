import { type AccountRole, type AdminAccountView, type AdminDeleteAccountView, type OneTimePasswordView } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { TableHead } from '../../components/TableHead';
import { formatBytes, formatDateTime, formatFullDateTime } from '../../lib/format';
import { useCurrentSession } from '../auth/hooks';
import {
  ACCOUNTS_PAGE_SIZE,
  AUDIT_PAGE_SIZE,
  type AccountAction,
  useAccountAction,
  useAccountsPage,
  useAdminSettings,
  useAuditLog,
  useCreateAccount,
  useUpdateAdminSettings,
} from './accountHooks';
import { DeleteAccountDialog } from './DeleteAccountDialog';

/** Previous / next for a paged list, with where we are. */
export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="button-row admin-pager" aria-label={label}>
      <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span className="small">
        Page {page} of {pages}
      </span>
      <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}

/** A password the platform made, shown this once. */
function OneTimePassword({ made, onDone }: { made: OneTimePasswordView; onDone: () => void }) {
  if (!made.password) return null;
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-title">
        One-time password for <span className="mono">{made.account.username}</span>
      </div>
      <p className="alert-detail">
        <code className="mono" data-testid="one-time-password">
          {made.password}
        </code>
      </p>
      <p className="small">It is shown only now: hand it over, and ask them to change it on their Account page.</p>
      <Button size="sm" variant="secondary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

export function AccountsAdminCard() {
  const { account: me } = useCurrentSession();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const accounts = useAccountsPage(search.trim(), page);
  const action = useAccountAction();
  const [shown, setShown] = useState<OneTimePasswordView | null>(null);
  const [confirm, setConfirm] = useState<{ account: AdminAccountView; action: AccountAction } | null>(null);
  const [deleting, setDeleting] = useState<AdminAccountView | null>(null);
  const [deleted, setDeleted] = useState<AdminDeleteAccountView | null>(null);

  const run = (account: AdminAccountView, kind: AccountAction) =>
    action.mutate(
      { id: account.id, action: kind },
      {
        onSuccess: (result) => {
          setConfirm(null);
          if ('password' in result) setShown(result);
        },
      },
    );
  const busy = (account: AdminAccountView, kind: AccountAction) => action.isPending && action.variables?.id === account.id && action.variables.action === kind;

  return (
    <Card title="Accounts" description="Search, make and manage accounts. Disabling stops an account's web apps and consoles and keeps its data; deleting removes everything of it.">
      <CreateAccountForm onCreated={setShown} />
      {shown && <OneTimePassword made={shown} onDone={() => setShown(null)} />}
      {deleted && (
        <div className="alert alert-success" role="status">
          <div className="alert-title">
            Deleting <span className="mono">{deleted.username}</span>
          </div>
          <p className="alert-detail">
            Its databases, web apps, tasks and tokens are gone; the job &ldquo;{deleted.job.title}&rdquo; removes its containers and
            files, then the account leaves this list.
          </p>
        </div>
      )}
      <TextField
        label="Search accounts"
        placeholder="part of a username"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setPage(1);
        }}
      />
      <ErrorAlert error={accounts.error} />
      <ErrorAlert error={confirm ? null : action.error} />
      {accounts.isPending ? (
        <Spinner />
      ) : accounts.data && accounts.data.accounts.length === 0 ? (
        <p className="empty">{search.trim() ? `No account has "${search.trim()}" in its name.` : 'No accounts.'}</p>
      ) : accounts.data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Accounts">
              <TableHead
                columns={[
                  'Username',
                  'Role',
                  'State',
                  { label: 'Disk', className: 'num' },
                  { label: 'Web apps', className: 'num' },
                  { label: 'Consoles', className: 'num' },
                  'Node',
                  'Created',
                  { label: 'Actions', hidden: true },
                ]}
              />
              <tbody>
                {accounts.data.accounts.map((account) => (
                  <tr key={account.id}>
                    <td className="mono">{account.username}</td>
                    <td>
                      <Badge tone={account.role === 'admin' ? 'info' : 'neutral'}>{account.role}</Badge>
                    </td>
                    <td>
                      {account.disabledAt ? (
                        <span title={`Disabled ${formatFullDateTime(account.disabledAt)}`}>
                          <Badge tone="warning">Disabled</Badge>
                        </span>
                      ) : (
                        <Badge tone="success">Enabled</Badge>
                      )}
                    </td>
                    <td className="num">{formatBytes(account.diskBytes)}</td>
                    <td className="num">{account.webapps}</td>
                    <td className="num">{account.consoles}</td>
                    <td className="mono small">{account.homeNodeId ?? '—'}</td>
                    <td title={formatFullDateTime(account.createdAt)}>{formatDateTime(account.createdAt)}</td>
                    <td className="cell-actions">
                      {account.id === me.id ? (
                        <span className="small muted">You</span>
                      ) : (
                        <div className="button-row">
                          {account.disabledAt ? (
                            <Button size="sm" variant="secondary" aria-label={`Enable ${account.username}`} loading={busy(account, 'enable')} onClick={() => run(account, 'enable')}>
                              Enable
                            </Button>
                          ) : (
                            <Button size="sm" variant="danger" aria-label={`Disable ${account.username}`} onClick={() => setConfirm({ account, action: 'disable' })}>
                              Disable
                            </Button>
                          )}
                          <Button size="sm" variant="secondary" aria-label={`Reset the password of ${account.username}`} onClick={() => setConfirm({ account, action: 'password' })}>
                            Reset password
                          </Button>
                          <Button size="sm" variant="danger" aria-label={`Delete ${account.username}`} onClick={() => setDeleting(account)}>
                            Delete
                          </Button>
                          {account.role === 'admin' ? (
                            <Button size="sm" variant="secondary" aria-label={`Make ${account.username} a user`} loading={busy(account, 'make-user')} onClick={() => run(account, 'make-user')}>
                              Make user
                            </Button>
                          ) : (
                            <Button size="sm" variant="secondary" aria-label={`Make ${account.username} an admin`} onClick={() => setConfirm({ account, action: 'make-admin' })}>
                              Make admin
                            </Button>
                          )}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted">
            {accounts.data.total} account{accounts.data.total === 1 ? '' : 's'}
            {search.trim() ? ` matching "${search.trim()}"` : ''}
          </p>
          <Pager page={page} pageSize={ACCOUNTS_PAGE_SIZE} total={accounts.data.total} onPage={setPage} label="Account pages" />
        </>
      ) : null}
      {deleting && (
        <DeleteAccountDialog
          account={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(result) => {
            setDeleting(null);
            setDeleted(result);
          }}
        />
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.action === 'disable'
            ? `Disable ${confirm.account.username}?`
            : confirm?.action === 'password'
              ? `Reset the password of ${confirm.account.username}?`
              : `Make ${confirm?.account.username} an admin?`
        }
        confirmLabel={confirm?.action === 'disable' ? 'Disable' : confirm?.action === 'password' ? 'Reset password' : 'Make admin'}
        tone={confirm?.action === 'make-admin' ? 'primary' : 'danger'}
        busy={action.isPending}
        error={action.error}
        onConfirm={() => confirm && run(confirm.account, confirm.action)}
        onCancel={() => {
          setConfirm(null);
          action.reset();
        }}
      >
        {confirm?.action === 'disable' && (
          <p>Its web apps stop, its consoles end and it is signed out; its files, databases and settings stay. Enable it to start its web apps again.</p>
        )}
        {confirm?.action === 'password' && <p>They are signed out everywhere. The new password is shown once.</p>}
        {confirm?.action === 'make-admin' && <p>An admin can manage every account and node on this page.</p>}
      </ConfirmDialog>
    </Card>
  );
}

function CreateAccountForm({ onCreated }: { onCreated: (made: OneTimePasswordView) => void }) {
  const create = useCreateAccount();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<AccountRole>('user');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { username: username.trim(), role },
      {
        onSuccess: (made) => {
          setUsername('');
          setRole('user');
          onCreated(made);
        },
      },
    );
  };
  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label="Create an account">
      <TextField label="New username" value={username} autoCapitalize="none" spellCheck={false} onChange={(event) => setUsername(event.target.value)} />
      <SelectField label="Role" value={role} onChange={(event) => setRole(event.target.value as AccountRole)}>
        <option value="user">User</option>
        <option value="admin">Admin</option>
      </SelectField>
      <Button type="submit" loading={create.isPending} disabled={!username.trim()}>
        Create account
      </Button>
      <div className="inline-form-error">
        <ErrorAlert error={create.error} />
      </div>
    </form>
  );
}

export function SignupSettingCard() {
  const settings = useAdminSettings();
  const update = useUpdateAdminSettings();
  return (
    <Card title="Sign-up" description="Whether anyone may make an account on the sign-up page. Takes effect at once.">
      <ErrorAlert error={settings.error ?? update.error} />
      {settings.data ? (
        <CheckboxField
          label="Anyone may sign up"
          checked={settings.data.signupEnabled}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ signupEnabled: event.target.checked })}
        />
      ) : (
        <Spinner />
      )}
    </Card>
  );
}

const ACTION_LABELS: Record<string, string> = {
  'account.create': 'Created',
  'account.disable': 'Disabled',
  'account.enable': 'Enabled',
  'account.reset-password': 'Reset the password of',
  'account.role': 'Changed the role of',
  'account.delete': 'Deleted',
  'settings.signup': 'Sign-up setting',
  'job.cancel': 'Cancelled a job of',
};

export function AuditLogCard() {
  const [page, setPage] = useState(1);
  const audit = useAuditLog(page);
  return (
    <Card title="Audit log" description="Every action taken on this page, newest first.">
      <ErrorAlert error={audit.error} />
      {audit.isPending ? (
        <Spinner />
      ) : audit.data && audit.data.entries.length === 0 ? (
        <p className="empty">No admin actions yet.</p>
      ) : audit.data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Audit log">
              <TableHead columns={['When', 'Who', 'What', 'Account', 'Detail']} />
              <tbody>
                {audit.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td title={formatFullDateTime(entry.createdAt)}>{formatDateTime(entry.createdAt)}</td>
                    <td className="mono">{entry.actorUsername}</td>
                    <td>{ACTION_LABELS[entry.action] ?? entry.action}</td>
                    <td className="mono">{entry.targetUsername ?? '—'}</td>
                    <td className="small">{entry.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={AUDIT_PAGE_SIZE} total={audit.data.total} onPage={setPage} label="Audit log pages" />
        </>
      ) : null}
    </Card>
  );
}
