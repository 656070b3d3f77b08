import { JobHistoryCard } from '../../jobs/components/JobHistoryCard';
import { useEnvironmentJobs } from '../hooks';

/** The environment's build, install and uninstall jobs; a click shows a job's log. */
export function EnvironmentJobsCard({ name }: { name: string }) {
  return (
    <JobHistoryCard
      title="Job history"
      description="Builds, installs and uninstalls of this environment. Click a job to see its log."
      empty="No jobs have worked on this environment from the dashboard."
      jobs={useEnvironmentJobs(name)}
    />
  );
}
