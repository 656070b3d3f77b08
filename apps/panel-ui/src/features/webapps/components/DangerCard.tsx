import type { WebAppView } from '@panel/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useDeleteWebApp, useWebAppAction } from '../hooks';

/** Disable or enable the app, and delete it (its files are kept). */
export function DangerCard({ app }: { app: WebAppView }) {
  const disable = useWebAppAction(app.domain, 'disable');
  const enable = useWebAppAction(app.domain, 'enable');
  const remove = useDeleteWebApp();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    setConfirming(false);
    remove.reset();
  };

  return (
    <Card title="Disable or delete">
      <div className="danger-row">
        <div>
          <h3 className="subheading">{app.enabled ? 'Disable' : 'Enable'} this web app</h3>
          <p className="small muted">
            {app.enabled
              ? 'Stops serving it; its settings stay, and you can enable it again.'
              : 'Serves it again: enabling starts it like a reload.'}
          </p>
        </div>
        {app.enabled ? (
          <Button variant="secondary" loading={disable.isPending} onClick={() => disable.mutate()}>
            Disable web app
          </Button>
        ) : (
          <Button loading={enable.isPending} onClick={() => enable.mutate()}>
            Enable web app
          </Button>
        )}
      </div>
      <ErrorAlert error={disable.error ?? enable.error} />
      <div className="danger-row subsection">
        <div>
          <h3 className="subheading">Delete this web app</h3>
          <p className="small muted">Your code, the WSGI file, the logs and databases are kept.</p>
        </div>
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Delete web app
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${app.domain}?`}
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.error}
        onCancel={close}
        onConfirm={() => remove.mutate(app.domain, { onSuccess: () => navigate('/web', { replace: true }) })}
      >
        <p>
          The site stops and its settings are removed. Your files are kept: the code in{' '}
          <span className="mono">{app.sourceDirectory}</span>, the WSGI file, the logs and any databases.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
