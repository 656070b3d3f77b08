import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextAreaField } from '../../../components/FormField';
import { useInstallPackages } from '../hooks';
import { invalidSpecsMessage, parsePackageSpecs } from '../packageSpecs';
import type { JobView } from '@panel/contracts';

/** Space- or newline-separated requirement specifiers, installed with pip by a job. */
export function InstallPackagesForm({ name, disabled, onStarted }: { name: string; disabled?: boolean; onStarted: (job: JobView) => void }) {
  const install = useInstallPackages(name);
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    install.reset();
    const { packages, invalid: bad } = parsePackageSpecs(text);
    if (bad.length) return setInvalid(invalidSpecsMessage(bad));
    if (!packages.length) return setInvalid('Enter at least one package, such as "flask".');
    if (packages.length > 100) return setInvalid('Install at most 100 packages at a time.');
    setInvalid(null);
    install.mutate(packages, {
      onSuccess: (job) => {
        setText('');
        onStarted(job);
      },
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <TextAreaField
        label="Packages to install"
        hint={
          <>
            Separate requirements with spaces or new lines, e.g. <code>flask requests&gt;=2 Flask-Migrate==4.0.5</code>.
          </>
        }
        rows={3}
        spellCheck={false}
        autoCapitalize="none"
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={invalid ?? undefined}
      />
      <ErrorAlert error={install.error} />
      <div>
        <Button type="submit" loading={install.isPending} disabled={disabled}>
          Install packages
        </Button>
      </div>
    </form>
  );
}
