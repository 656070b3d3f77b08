import { JobHistoryCard } from '../jobs/components/JobHistoryCard';
import { useJobs } from '../jobs/hooks';

export function RecentJobsCard() {
  return (
    <JobHistoryCard
      title="Latest jobs"
      description="Work the platform did for your account. Click a job to see its log."
      empty="No jobs yet: builds, reloads, migrations and dumps show up here."
      jobs={useJobs(10)}
    />
  );
}
