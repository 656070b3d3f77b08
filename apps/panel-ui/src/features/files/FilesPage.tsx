import { PageHeader } from '../../components/PageHeader';

export function FilesPage() {
  return <PageHeader title="Files" description="Browse, upload and edit the files in your home directory." />;
}
