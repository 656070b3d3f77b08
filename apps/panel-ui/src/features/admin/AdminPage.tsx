import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { formatBytes, formatFullDateTime, formatRelative } from '../../lib/format';
import { NodeView } from '@panel/contracts';
import { Button } from '../../components/Button';
import { type NodeAction, useNodeAction, useNodes } from './hooks';
import { AccountsAdminCard, AuditLogCard, SignupSettingCard } from './AccountsAdmin';
import { AdminJobsCard } from './AdminJobsCard';
import { BackupsCard } from './BackupsCard';
import { TableHead } from '../../components/TableHead';

export function AdminPage() {
  return (
    <>
      <PageHeader title="Admin" description="The platform's worker nodes and accounts." />
      <div className="grid">
        <NodesCard />
        <AccountsAdminCard />
        <SignupSettingCard />
        <AdminJobsCard />
        <BackupsCard />
        <AuditLogCard />
      </div>
    </>
  );
}

function NodesCard() {
  const nodes = useNodes();
  const action = useNodeAction();
  const run = (id: string, kind: NodeAction) => action.mutate({ id, action: kind });
  const busy = (id: string, kind: NodeAction) => action.isPending && action.variables?.id === id && action.variables.action === kind;
  return (
    <Card
      title="Nodes"
      description="Machines running a worker; a node is online while its heartbeat is fresh. A new account goes to the active node with the most free memory; a cordoned node keeps what runs on it and gets no new accounts; draining moves everything off it (web apps with no failed request), then cordons it."
    >
      <ErrorAlert error={nodes.error} />
      <ErrorAlert error={action.error} />
      {nodes.isPending ? (
        <Spinner />
      ) : nodes.data && nodes.data.length === 0 ? (
        <p className="empty">No node has registered yet. Start a worker to add one.</p>
      ) : nodes.data ? (
        <div className="table-wrap">
          <table className="table">
            <TableHead
              columns={['ID', 'Hostname', 'Docker endpoint', { label: 'CPUs', className: 'num' }, { label: 'Memory', className: 'num' }, 'Placed', 'Last heartbeat', 'Status', 'State', 'Actions']}
            />
            <tbody>
              {nodes.data.map((node) => (
                <tr key={node.id}>
                  <td className="mono">{node.id}</td>
                  <td>{node.hostname}</td>
                  <td className="mono small">{node.dockerEndpoint}</td>
                  <td className="num">{node.capacity.cpus}</td>
                  <td className="num">{formatBytes(node.capacity.memoryBytes)}</td>
                  <td className="small">
                    {node.accounts} accounts, {node.webapps} web apps, {node.consoles} consoles, {node.queuedJobs} jobs queued
                    {node.loadAverage !== null ? `; load ${node.loadAverage.toFixed(2)}` : ''}
                  </td>
                  <td title={formatFullDateTime(node.lastHeartbeatAt)}>{formatRelative(node.lastHeartbeatAt)}</td>
                  <td>{node.online ? <Badge tone="success">Online</Badge> : <Badge tone="danger">Offline</Badge>}</td>
                  <td>
                    <NodeStateBadge node={node} />
                    {node.drain ? (
                      <div className="muted small">
                        Consoles end {formatRelative(node.drain.consolesEndAt)}
                        {node.drain.problems.map((problem) => (
                          <div key={problem} className="field-error">
                            {problem}
                          </div>
                        ))}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <div className="actions">
                      {node.state === 'cordoned' || node.state === 'draining' ? (
                        <Button size="sm" variant="secondary" loading={busy(node.id, 'uncordon')} onClick={() => run(node.id, 'uncordon')}>
                          {node.state === 'draining' ? 'Stop drain' : 'Uncordon'}
                        </Button>
                      ) : node.state !== 'down' ? (
                        <Button size="sm" variant="secondary" loading={busy(node.id, 'cordon')} onClick={() => run(node.id, 'cordon')}>
                          Cordon
                        </Button>
                      ) : null}
                      {node.online && node.state !== 'draining' && node.state !== 'down' && (
                        <Button size="sm" variant="secondary" loading={busy(node.id, 'drain')} onClick={() => run(node.id, 'drain')}>
                          Drain
                        </Button>
                      )}
                      {!node.online && (
                        <Button size="sm" variant="danger" loading={busy(node.id, 'remove')} onClick={() => run(node.id, 'remove')}>
                          Remove
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function NodeStateBadge({ node }: { node: NodeView }) {
  if (node.state === 'active') return <Badge tone="success">Active</Badge>;
  if (node.state === 'cordoned') return <Badge tone="warning">Cordoned</Badge>;
  if (node.state === 'draining') return <Badge tone="warning">Draining</Badge>;
  if (node.state === 'down') return <Badge tone="danger">Down</Badge>;
  return (
    <span title={`Waiting for its runtime images; it has ${node.images.length ? node.images.join(', ') : 'none yet'}.`}>
      <Badge tone="info">Preparing</Badge>
    </span>
  );
}
