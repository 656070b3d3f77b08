import { DATABASE_ENGINE_LABELS, type DatabaseEngine } from '@panel/contracts';
import { TypeToConfirmDialog } from '../../../components/TypeToConfirmDialog';
import { useDeleteDatabase } from '../hooks';

/** Deleting a database is its own explicit action: the user types its whole name first. */
export function DeleteDatabaseDialog({ engine, name, onClose }: { engine: DatabaseEngine; name: string; onClose: () => void }) {
  const remove = useDeleteDatabase(engine);
  return (
    <TypeToConfirmDialog
      name={name}
      title={`Delete ${name}?`}
      confirmLabel="Delete database"
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(name, { onSuccess: onClose })}
      onClose={onClose}
    >
      The {DATABASE_ENGINE_LABELS[engine]} database and all its tables and data are deleted for good. Dumps you made stay in
      ~/.dumps.
    </TypeToConfirmDialog>
  );
}
