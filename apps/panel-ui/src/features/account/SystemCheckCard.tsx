import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS, type JobView, type PythonVersion } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/FormField';
import { JobLog } from '../../components/JobLog';
import { useStartSystemCheck } from '../jobs/hooks';

/** Runs a container from a Python runtime image as the account and shows what it prints. */
export function SystemCheckCard() {
  const [version, setVersion] = useState<PythonVersion>(DEFAULT_PYTHON_VERSION);
  const [job, setJob] = useState<JobView | null>(null);
  const start = useStartSystemCheck();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(version, { onSuccess: setJob });
  };

  return (
    <Card
      title="Help: system check"
      description="If something does not work, this starts a container from the Python runtime image as your account and reports who it runs as, who owns your home, and the Python and pip versions it finds."
    >
      <form className="inline-form" onSubmit={onSubmit}>
        <SelectField label="Python version" value={version} onChange={(event) => setVersion(event.target.value as PythonVersion)}>
          {PYTHON_VERSIONS.map((v) => (
            <option key={v} value={v}>
              Python {v}
            </option>
          ))}
        </SelectField>
        <Button type="submit" loading={start.isPending}>
          Run system check
        </Button>
      </form>
      <ErrorAlert error={start.error} />
      {job && <JobLog key={job.id} jobId={job.id} initialJob={job} />}
    </Card>
  );
}
