import { ConsoleView, type CreateConsoleRequest } from '@panel/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { baseName, parentOf } from './paths';

/** Quotes a path for bash. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * "Save and run" for a .py file: saves, then runs it in a new console (python -i, as PythonAnywhere does); the editor
 * shows that console below itself (`onStarted`) and a failure to start it below the toolbar (`onError`), so the
 * toolbar keeps its one row.
 */
export function SaveAndRunButton({
  path,
  save,
  onStarted,
  onError,
}: {
  path: string;
  save: () => Promise<boolean>;
  onStarted: (console: ConsoleView) => void;
  onError: (error: Error | null) => void;
}) {
  const run = useMutation({
    mutationFn: () =>
      api.post('/api/consoles', ConsoleView, {
        kind: 'custom',
        command: `python3 -i ${shellQuote(path)}`,
        // The image is the account's default_save_and_run_python_version (python3 there is that Python).
        pythonDefault: 'save_and_run',
        workingDirectory: parentOf(path),
        name: `Run ${baseName(path)}`.slice(0, 100),
      } satisfies CreateConsoleRequest),
    onMutate: () => onError(null),
    onSuccess: onStarted,
    onError,
  });
  return (
    <Button variant="secondary" loading={run.isPending} onClick={() => void save().then((saved) => saved && run.mutate())}>
      Save and run
    </Button>
  );
}
