import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { CreateEnvironmentCard } from './components/CreateEnvironmentCard';
import { EnvironmentsTable } from './components/EnvironmentsTable';
import { useEnvironments } from './hooks';

export function EnvironmentsPage() {
  const environments = useEnvironments();
  return (
    <>
      <PageHeader
        title="Environments"
        description={
          <>
            Python virtualenvs for your web apps and consoles, kept in <code>~/.virtualenvs</code>. Use one in a bash console
            with <code>workon &lt;name&gt;</code>.
          </>
        }
      />
      <div className="grid">
        <Card
          title="Your environments"
          actions={
            <Button
              variant="secondary"
              size="sm"
              onClick={() => void environments.refetch()}
              loading={environments.isFetching && !environments.isPending}
            >
              Refresh
            </Button>
          }
        >
          <ErrorAlert error={environments.error} />
          {environments.isPending ? (
            <Spinner />
          ) : environments.data && environments.data.length === 0 ? (
            <p className="empty">You have no environments yet. Create one below, or with mkvirtualenv in a bash console.</p>
          ) : environments.data ? (
            <EnvironmentsTable environments={environments.data} />
          ) : null}
        </Card>
        <CreateEnvironmentCard />
      </div>
    </>
  );
}
