import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Badge } from '../../components/StatusBadge';
import { formatBytes, formatDateTime, formatFullDateTime, formatRelative } from '../../lib/format';
import { useAdminAccounts, useNodes } from './hooks';
import { TableHead } from '../../components/TableHead';

export function AdminPage() {
  return (
    <>
      <PageHeader title="Admin" description="The platform's worker nodes and accounts." />
      <div className="grid">
        <NodesCard />
        <AccountsCard />
      </div>
    </>
  );
}

function NodesCard() {
  const nodes = useNodes();
  return (
    <Card title="Nodes" description="Machines running a worker; a node is online while its heartbeat is fresh.">
      <ErrorAlert error={nodes.error} />
      {nodes.isPending ? (
        <Spinner />
      ) : nodes.data && nodes.data.length === 0 ? (
        <p className="empty">No node has registered yet. Start a worker to add one.</p>
      ) : nodes.data ? (
        <div className="table-wrap">
          <table className="table">
            <TableHead columns={['ID', 'Hostname', 'Docker endpoint', { label: 'CPUs', className: 'num' }, { label: 'Memory', className: 'num' }, 'Last heartbeat', 'Status']} />
            <tbody>
              {nodes.data.map((node) => (
                <tr key={node.id}>
                  <td className="mono">{node.id}</td>
                  <td>{node.hostname}</td>
                  <td className="mono small">{node.dockerEndpoint}</td>
                  <td className="num">{node.capacity.cpus}</td>
                  <td className="num">{formatBytes(node.capacity.memoryBytes)}</td>
                  <td title={formatFullDateTime(node.lastHeartbeatAt)}>{formatRelative(node.lastHeartbeatAt)}</td>
                  <td>{node.online ? <Badge tone="success">Online</Badge> : <Badge tone="danger">Offline</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function AccountsCard() {
  const accounts = useAdminAccounts();
  return (
    <Card title="Accounts">
      <ErrorAlert error={accounts.error} />
      {accounts.isPending ? (
        <Spinner />
      ) : accounts.data && accounts.data.length === 0 ? (
        <p className="empty">No accounts.</p>
      ) : accounts.data ? (
        <div className="table-wrap">
          <table className="table">
            <TableHead columns={[{ label: 'ID', className: 'num' }, 'Username', 'Role', { label: 'UID', className: 'num' }, 'Created']} />
            <tbody>
              {accounts.data.map((account) => (
                <tr key={account.id}>
                  <td className="num">{account.id}</td>
                  <td className="mono">{account.username}</td>
                  <td>
                    <Badge tone={account.role === 'admin' ? 'info' : 'neutral'}>{account.role}</Badge>
                  </td>
                  <td className="num mono">{account.uid}</td>
                  <td title={formatFullDateTime(account.createdAt)}>{formatDateTime(account.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
