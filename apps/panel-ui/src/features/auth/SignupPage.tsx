import { PASSWORD_RULE, SignupRequest, USERNAME_RULE } from '@panel/contracts';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Spinner } from '../../components/Spinner';
import { AuthLayout } from './AuthLayout';
import { CredentialsForm } from './CredentialsForm';
import { usePublicSettings, useSession, useSignup } from './hooks';

export function SignupPage() {
  const session = useSession();
  const settings = usePublicSettings();
  const signup = useSignup();
  const navigate = useNavigate();

  if (session.data) return <Navigate to="/" replace />;

  const footer = (
    <p>
      Already have an account? <Link to="/login">Log in</Link>
    </p>
  );

  if (settings.isPending) {
    return (
      <AuthLayout title="Create your account" footer={footer}>
        <Spinner />
      </AuthLayout>
    );
  }

  if (settings.data && !settings.data.signupEnabled) {
    return (
      <AuthLayout title="Create your account" footer={footer}>
        <div className="notice" role="status">
          Sign-up is disabled on this platform. Ask an operator to create an account for you.
        </div>
      </AuthLayout>
    );
  }

  const onSubmit = (username: string, password: string) => {
    signup.reset();
    // The same rules the API applies, checked here first for a quicker answer.
    const parsed = SignupRequest.safeParse({ username, password });
    if (!parsed.success) return [...new Set(parsed.error.issues.map((issue) => issue.message))].join(' ');
    signup.mutate(parsed.data, { onSuccess: () => navigate('/', { replace: true }) });
    return null;
  };

  return (
    <AuthLayout title="Create your account" footer={footer}>
      <ErrorAlert error={settings.error} />
      <CredentialsForm
        submitLabel="Sign up"
        passwordAutoComplete="new-password"
        usernameHint={USERNAME_RULE}
        passwordHint={PASSWORD_RULE}
        pending={signup.isPending}
        error={signup.error}
        onSubmit={onSubmit}
      />
    </AuthLayout>
  );
}
