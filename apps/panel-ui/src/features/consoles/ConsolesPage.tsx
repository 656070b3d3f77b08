import { PageHeader } from '../../components/PageHeader';

export function ConsolesPage() {
  return <PageHeader title="Consoles" description="Bash and Python consoles in your account, right in the browser." />;
}
