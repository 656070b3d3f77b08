import { JobName } from '@panel/contracts';

const LABELS: Record<string, string> = {
  [JobName.SystemCheck]: 'System check',
};

/** A readable name for a job ("System check" for system.check); unknown names are shown as they are. */
export const jobLabel = (name: string): string => LABELS[name] ?? name;
