import type { WebAppView } from '@panel/contracts';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useVerifyDomain } from '../hooks';

/**
 * A custom domain that DNS has not yet shown to be the account's: what record to add, and "Check DNS". Caddy does
 * not route it until then, so nobody can take a domain (or the dashboard's host) that is not theirs.
 */
export function DomainCard({ app }: { app: WebAppView }) {
  const verify = useVerifyDomain(app.domain);
  const { verified, cnameTarget, txtRecord } = app.domainVerification;
  if (verified) return null;
  return (
    <Card title="Domain not verified yet">
      <div className="stack">
        <p>
          {app.domain} is not served until DNS shows it is yours. Add one of these records at your DNS provider, then
          check:
        </p>
        <ul>
          <li>
            a <strong>CNAME</strong> record from <code>{app.domain}</code> to <code>{cnameTarget}</code>, or
          </li>
          {txtRecord && (
            <li>
              a <strong>TXT</strong> record <code className="wrap-anywhere">{txtRecord.name}</code> with the value{' '}
              <code className="wrap-anywhere">{txtRecord.value}</code>.
            </li>
          )}
        </ul>
        <div>
          <Button onClick={() => verify.mutate()} disabled={verify.isPending}>
            {verify.isPending ? 'Checking…' : 'Check DNS'}
          </Button>
        </div>
        <ErrorAlert error={verify.error} />
      </div>
    </Card>
  );
}
