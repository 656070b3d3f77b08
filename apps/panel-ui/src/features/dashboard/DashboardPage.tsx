import { PageHeader } from '../../components/PageHeader';
import { useCurrentSession } from '../auth/hooks';
import { defaultDomain } from '../webapps/webappText';
import { RecentJobsCard } from './RecentJobsCard';
import { SystemCheckCard } from './SystemCheckCard';

export function DashboardPage() {
  const { account, appsDomain } = useCurrentSession();
  const appsHost = defaultDomain(account.username, appsDomain);
  return (
    <>
      <PageHeader
        title={`Welcome, ${account.username}`}
        description={
          <>
            Your web apps are served at <strong className="mono">{appsHost}</strong>.
          </>
        }
      />
      <div className="grid">
        <SystemCheckCard />
        <RecentJobsCard />
      </div>
    </>
  );
}
