import { PageHeader } from '../../components/PageHeader';

export function WebPage() {
  return <PageHeader title="Web" description="Set up and manage your Flask web apps, served at your own subdomain." />;
}
