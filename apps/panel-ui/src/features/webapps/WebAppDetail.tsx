import type { WebAppView } from '@panel/contracts';
import { CodeCard } from './components/CodeCard';
import { CommandCard } from './components/CommandCard';
import { DangerCard } from './components/DangerCard';
import { DomainCard } from './components/DomainCard';
import { LogFilesCard } from './components/LogFilesCard';
import { ReloadCard } from './components/ReloadCard';
import { SecurityCard } from './components/SecurityCard';
import { MigrationsCard, WorkersCard } from './components/SettingsCards';
import { StaticFilesCard } from './components/StaticFilesCard';
import { VirtualenvCard } from './components/VirtualenvCard';
import { usePageTitle } from '../../lib/usePageTitle';

/**
 * One web app's page: the Reload button and status at the top, then its settings in sections as on PythonAnywhere.
 * A website (its own command, from the API v1 websites) has its command instead of code, virtualenv, static files,
 * workers and migrations, which its command decides.
 */
export function WebAppDetail({ app }: { app: WebAppView }) {
  usePageTitle(app.domain, 'thing');
  if (app.command !== null) {
    return (
      <div className="grid">
        <ReloadCard app={app} />
        <DomainCard app={app} />
        <p className="settings-note" role="note">
          Changes take effect when you reload the website.
        </p>
        <CommandCard app={app} />
        <LogFilesCard app={app} />
        <SecurityCard app={app} />
        <DangerCard app={app} />
      </div>
    );
  }
  return (
    <div className="grid">
      <ReloadCard app={app} />
      <DomainCard app={app} />
      <p className="settings-note" role="note">
        Changes take effect when you reload the web app.
      </p>
      <CodeCard app={app} />
      <VirtualenvCard app={app} />
      <LogFilesCard app={app} />
      <StaticFilesCard app={app} />
      <SecurityCard app={app} />
      <WorkersCard app={app} />
      <MigrationsCard app={app} />
      <DangerCard app={app} />
    </div>
  );
}
