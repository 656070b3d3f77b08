import type { JobView, UpdateWebAppRequest, WebAppStatus, WebAppTemplate, WebAppView } from '@panel/contracts';
import type { BadgeTone } from '../../components/StatusBadge';

/** The domain a new account's first web app gets: <username>.<appsDomain>. */
export const defaultDomain = (username: string, appsDomain: string): string => `${username}.${appsDomain}`;

export const defaultSourceDirectory = (username: string): string => `/home/${username}/mysite`;

export const TEMPLATE_CHOICES: readonly { value: WebAppTemplate; label: string; hint: string }[] = [
  { value: 'flask', label: 'Flask', hint: 'A quickstart "Hello from Flask!" app, ready to edit.' },
  {
    value: 'comment-board',
    label: "Comment board (the Flask tutorial's app, with MySQL, logins and migrations)",
    hint: 'Sets up a virtualenv, a MySQL database and its migrations, and the first user of the site.',
  },
  { value: 'manual', label: 'Manual configuration', hint: 'Bring your own code: you edit the WSGI file to import your app.' },
];

export const WEBAPP_STATUS: Record<WebAppStatus, { label: string; tone: BadgeTone; title: string }> = {
  running: { label: 'Running', tone: 'success', title: 'Serving requests.' },
  stopped: { label: 'Stopped', tone: 'neutral', title: 'Not started yet: reload it to start it.' },
  reloading: { label: 'Reloading', tone: 'info', title: 'A new version is starting.' },
  error: { label: 'Error', tone: 'danger', title: 'The last reload failed and no version is serving.' },
  disabled: { label: 'Disabled', tone: 'warning', title: 'Disabled: enable it to serve it again.' },
};

/** What a job started on a web app is doing, or how it ended, in a sentence for the Reload section. */
export function describeWebAppJob(job: JobView, domain: string): { tone: 'progress' | 'success' | 'error'; text: string } {
  const doing =
    job.name === 'webapp.quickstart' ? `Setting up ${domain}…` : job.name === 'webapp.stop' ? `Stopping ${domain}…` : `Reloading ${domain}…`;
  switch (job.status) {
    case 'queued':
    case 'running':
      return { tone: 'progress', text: doing };
    case 'succeeded':
      return {
        tone: 'success',
        text:
          job.name === 'webapp.quickstart'
            ? `${domain} is set up and running.`
            : job.name === 'webapp.stop'
              ? `${domain} is stopped.`
              : `${domain} was reloaded.`,
      };
    case 'cancelled':
      return { tone: 'error', text: 'The job was cancelled.' };
    default:
      return { tone: 'error', text: job.error || 'The job failed; its log says why.' };
  }
}

export interface CodeSettings {
  sourceDirectory: string;
  workingDirectory: string;
  pythonVersion: string;
}

/** Only what changed, so a save never rewrites a setting the user did not touch. */
export function codeSettingsPatch(app: Pick<WebAppView, keyof CodeSettings>, form: CodeSettings): UpdateWebAppRequest {
  const patch: UpdateWebAppRequest = {};
  if (form.sourceDirectory.trim() !== app.sourceDirectory) patch.sourceDirectory = form.sourceDirectory.trim();
  if (form.workingDirectory.trim() !== app.workingDirectory) patch.workingDirectory = form.workingDirectory.trim();
  if (form.pythonVersion !== app.pythonVersion) patch.pythonVersion = form.pythonVersion as UpdateWebAppRequest['pythonVersion'];
  return patch;
}

/** The workers box as a number from 1 to 8, or null. */
export function parseWorkers(value: string): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 8 ? n : null;
}
