import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { endSession } from '../auth/hooks';

/** For a session or token that may have leaked: ends every session (this one too) and revokes every API token. */
export function SignOutEverywhereCard() {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const signOut = useMutation({
    mutationFn: () => api.postWithoutBody('/api/auth/sign-out-everywhere'),
    onSuccess: () => endSession(queryClient),
  });
  return (
    <Card title="Sign out everywhere">
      <div className="stack">
        <p>
          Ends every session of your account, on every browser (this one too), and revokes every API token, including
          the one consoles use as <code>$API_TOKEN</code>. Scripts that use a token stop working until you make a new
          one.
        </p>
        <div>
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Sign out everywhere and revoke tokens
          </Button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        busy={signOut.isPending}
        error={signOut.error}
        onConfirm={() => signOut.mutate()}
        onCancel={() => setConfirming(false)}
      >
        Every session ends and every API token is revoked. You will need your password to log in again.
      </ConfirmDialog>
    </Card>
  );
}
