import { JobHistoryCard } from '../jobs/components/JobHistoryCard';
import { useJobs } from '../jobs/hooks';

export function RecentJobsCard() {
  return (
    <JobHistoryCard
      title="Recent jobs"
      description="Work the platform did for your account. Click a job to see its log."
      empty="No jobs yet. Run a system check to start one."
      jobs={useJobs(20)}
    />
  );
}
