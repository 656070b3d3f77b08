import { Injectable } from '@nestjs/common';
import { domainVerificationRecord } from '@panel/contracts';
import { Resolver } from 'node:dns/promises';

/** What DNS says about a custom domain, for its verification. */
export interface DnsProof {
  proven: boolean;
  /** What was found, for the message when it is not proven. */
  seen: string;
}

/**
 * Proof that a custom domain is the account's, from DNS: a CNAME from the domain to the account's own name under
 * the apps domain, or a TXT record `_panel-verify.<domain>` holding the app's token. An A record is no proof: a
 * domain that already points at this platform for one account could otherwise be claimed by another.
 */
@Injectable()
export class DomainVerifier {
  async check(domain: string, cnameTarget: string, token: string): Promise<DnsProof> {
    const resolver = new Resolver({ timeout: 3_000, tries: 2 });
    const [cnames, txts] = await Promise.all([
      resolver.resolveCname(domain).catch((error: NodeJS.ErrnoException) => error.code ?? 'error'),
      resolver.resolveTxt(domainVerificationRecord(domain)).catch((error: NodeJS.ErrnoException) => error.code ?? 'error'),
    ]);
    const cnameList = Array.isArray(cnames) ? cnames.map((c) => c.toLowerCase().replace(/\.$/, '')) : [];
    const txtList = Array.isArray(txts) ? txts.map((chunks) => chunks.join('')) : [];
    if (cnameList.includes(cnameTarget) || txtList.includes(token)) return { proven: true, seen: '' };
    const describe = (found: string[] | string) => (Array.isArray(found) ? (found.length ? found.join(', ') : 'nothing') : `no answer (${found})`);
    return { proven: false, seen: `CNAME of ${domain}: ${describe(cnames as string[] | string)}; TXT of ${domainVerificationRecord(domain)}: ${describe(Array.isArray(txts) ? txtList : txts)}` };
  }
}
