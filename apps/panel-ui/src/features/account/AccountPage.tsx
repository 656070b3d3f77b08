import { PageHeader } from '../../components/PageHeader';
import { Badge } from '../../components/StatusBadge';
import { Card } from '../../components/Card';
import { formatDateTime } from '../../lib/format';
import { useCurrentSession } from '../auth/hooks';
import { ApiTokensCard } from './ApiTokensCard';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SignOutEverywhereCard } from './SignOutEverywhereCard';
import { SystemCheckCard } from './SystemCheckCard';

export function AccountPage() {
  const { account } = useCurrentSession();
  return (
    <>
      <PageHeader title="Account" description="Your account, API tokens and password." />
      <div className="grid">
        <Card title="Profile">
          <dl className="details">
            <div>
              <dt>Username</dt>
              <dd className="mono">{account.username}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>
                <Badge tone={account.role === 'admin' ? 'info' : 'neutral'}>{account.role}</Badge>
              </dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>{formatDateTime(account.createdAt)}</dd>
            </div>
          </dl>
        </Card>
        <ApiTokensCard />
        <ChangePasswordCard />
        <SignOutEverywhereCard />
        <SystemCheckCard />
      </div>
    </>
  );
}
