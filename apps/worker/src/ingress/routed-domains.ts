import type { PanelConfig } from '@panel/config';
import { domainAllowListed } from '@panel/contracts';
import type { WebAppEntity } from '@panel/database';

/**
 * The domains an app is reached at, for the node's Caddy and the edge alike. A custom domain routes only once
 * verified: an unverified one could be someone else's or the dashboard's. Names under the apps domain are always the
 * account's own (panel-api allows no other there).
 */
export function routedDomains(app: Pick<WebAppEntity, 'domain' | 'domainVerifiedAt'>, config: Pick<PanelConfig, 'appsDomain' | 'customDomainAllowList'>): string[] {
  const routes = app.domainVerifiedAt !== null || app.domain.endsWith(`.${config.appsDomain}`) || domainAllowListed(app.domain, config.customDomainAllowList);
  return routes ? [app.domain] : [];
}
