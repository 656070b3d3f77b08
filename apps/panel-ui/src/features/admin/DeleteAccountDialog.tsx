import type { AdminAccountView, AdminDeleteAccountView } from '@panel/contracts';
import { TypeToConfirmDialog } from '../../components/TypeToConfirmDialog';
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
  const name = account.username;
  return (
    <TypeToConfirmDialog
      name={name}
      title={`Delete the account ${name}?`}
      confirmLabel="Delete account"
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate({ id: account.id, confirm: name }, { onSuccess: onDeleted })}
      onClose={onClose}
    >
      Everything of it is deleted for good: its files, web apps and their logs, consoles, scheduled and always-on tasks, MySQL
      and PostgreSQL databases and users, and API tokens. It is signed out at once. To keep it but stop it, disable it
      instead.
    </TypeToConfirmDialog>
  );
}
