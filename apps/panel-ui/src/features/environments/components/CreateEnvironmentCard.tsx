import {
  DEFAULT_PYTHON_VERSION,
  environmentNameSchema,
  PYTHON_VERSIONS,
  type EnvironmentView,
  type JobView,
  type PythonVersion,
} from '@panel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { JobLogPanel } from '../../../components/JobLog';
import { refreshEnvironment, useCreateEnvironment } from '../hooks';

interface Started {
  environment: EnvironmentView;
  job: JobView;
}

/** The "Create a new environment" form; after submitting, the build's live log with its progress bar. */
export function CreateEnvironmentCard() {
  const create = useCreateEnvironment();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [pythonVersion, setPythonVersion] = useState<PythonVersion>(DEFAULT_PYTHON_VERSION);
  const [requirements, setRequirements] = useState('');
  const [requirementsPath, setRequirementsPath] = useState('');
  const [invalid, setInvalid] = useState<{ field: 'name' | 'requirements'; message: string } | null>(null);
  const [started, setStarted] = useState<Started | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    const parsedName = environmentNameSchema.safeParse(name.trim());
    if (!parsedName.success) return setInvalid({ field: 'name', message: parsedName.error.issues[0]?.message ?? 'Invalid name.' });
    if (requirements.trim() && requirementsPath.trim()) {
      return setInvalid({ field: 'requirements', message: 'Give requirements as text or as a path, not both.' });
    }
    setInvalid(null);
    create.mutate(
      {
        name: parsedName.data,
        pythonVersion,
        ...(requirementsPath.trim() ? { requirementsPath: requirementsPath.trim() } : requirements.trim() ? { requirements } : {}),
      },
      {
        onSuccess: (result) => {
          setStarted(result);
          setName('');
          setRequirements('');
          setRequirementsPath('');
        },
      },
    );
  };

  return (
    <Card
      title="Create a new environment"
      description={
        <>
          A virtualenv in <code>~/.virtualenvs</code>, built by a job that installs your requirements with pip. All fields but the
          name are optional.
        </>
      }
    >
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <TextField
            label="Name"
            name="environment-name"
            placeholder="e.g. mysite-env"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={invalid?.field === 'name' ? invalid.message : undefined}
          />
          <SelectField label="Python version" value={pythonVersion} onChange={(event) => setPythonVersion(event.target.value as PythonVersion)}>
            {PYTHON_VERSIONS.map((v) => (
              <option key={v} value={v}>
                Python {v}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="fieldset">
          <legend className="visually-hidden">Requirements (optional): as text, or from a file in your home</legend>
          <TextAreaField
            label="Requirements"
            hint="One requirement per line, like requirements.txt"
            rows={5}
            spellCheck={false}
            placeholder={'flask\nrequests>=2'}
            value={requirements}
            onChange={(event) => setRequirements(event.target.value)}
            disabled={Boolean(requirementsPath.trim())}
          />
          <TextField
            label="Requirements file"
            hint="Or a requirements.txt in your home, e.g. mysite/requirements.txt"
            placeholder="mysite/requirements.txt"
            spellCheck={false}
            value={requirementsPath}
            onChange={(event) => setRequirementsPath(event.target.value)}
            disabled={Boolean(requirements.trim())}
            error={invalid?.field === 'requirements' ? invalid.message : undefined}
          />
        </fieldset>
        <ErrorAlert error={create.error} />
        <div>
          <Button type="submit" loading={create.isPending}>
            Create environment
          </Button>
        </div>
      </form>
      {started && (
        <JobLogPanel
          heading={`Building ${started.environment.name}`}
          onClose={() => setStarted(null)}
          jobId={started.job.id}
          initialJob={started.job}
          title={`Build ${started.environment.name}`}
          onFinish={() => refreshEnvironment(queryClient, started.environment.name)}
        />
      )}
    </Card>
  );
}
