import { PageHeader } from '../../components/PageHeader';

export function DatabasesPage() {
  return <PageHeader title="Databases" description="Create and manage the MySQL and PostgreSQL databases your apps use." />;
}
