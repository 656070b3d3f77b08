import { isIP } from 'node:net';

/** What the platform knows when it judges a domain an account asks for. */
export interface DomainPolicyContext {
  appsDomain: string;
  /** `<username>.<apps-domain>`: the one name under the apps domain that is the account's. */
  ownDomain: string;
  /** Host names of the dashboard and the API (PANEL_PUBLIC_URL's host, localhost). */
  platformHosts: string[];
}

/** Names the platform uses itself: containers reach the databases at mysql.panel.internal and the like. */
const PLATFORM_ZONES = ['panel.internal'];

const under = (domain: string, parent: string) => domain === parent || domain.endsWith(`.${parent}`);

/**
 * Why an account may not have a web app at this (syntactically valid) domain, or null. Browsers do not separate
 * cookies by port, so an app on the dashboard's host, under it, above it, on an IP literal or on a `localhost` name
 * would receive (or could set) the dashboard's cookies; under the apps domain only the account's own name is its.
 */
export function domainProblem(domain: string, context: DomainPolicyContext): string | null {
  if (domain === context.ownDomain) return null;
  if (isIP(domain) || /^\d+$/.test(domain.slice(domain.lastIndexOf('.') + 1))) return `${domain} is an IP address; a web app needs a domain name.`;
  if (under(domain, context.appsDomain)) return `Under ${context.appsDomain} your web app's domain is ${context.ownDomain}. Other domains must be your own.`;
  if (under(domain, 'localhost')) return `${domain} is a localhost name, which reaches this machine itself; only ${context.ownDomain} can be used here.`;
  for (const host of context.platformHosts) {
    if (under(domain, host) || under(host, domain)) return `${domain} belongs to the platform (its dashboard is at ${host}); choose a domain of your own.`;
  }
  for (const zone of PLATFORM_ZONES) if (under(domain, zone)) return `${domain} is a name the platform uses itself.`;
  return null;
}
