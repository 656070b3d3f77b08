/** Readable names for the job names of @panel/contracts' JobName (keyed by value, so new names just fall back). */
const LABELS: Record<string, string> = {
  'system.check': 'System check',
  'environment.build': 'Build environment',
  'environment.install': 'Install packages',
  'environment.uninstall': 'Uninstall packages',
  'webapp.reload': 'Reload web app',
  'webapp.stop': 'Stop web app',
  'webapp.quickstart': 'Web app quickstart',
};

/** "System check" for system.check; an unknown name is shown as it is. */
export const jobLabel = (name: string): string => LABELS[name] ?? name;
