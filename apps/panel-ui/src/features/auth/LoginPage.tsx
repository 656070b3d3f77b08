import { Link, Navigate, useNavigate } from 'react-router-dom';
import { AuthLayout } from './AuthLayout';
import { CredentialsForm } from './CredentialsForm';
import { useLogin, usePublicSettings, useSession } from './hooks';

export function LoginPage() {
  const session = useSession();
  const settings = usePublicSettings();
  const login = useLogin();
  const navigate = useNavigate();

  if (session.data) return <Navigate to="/" replace />;

  const onSubmit = (username: string, password: string) => {
    login.reset();
    if (!username || !password) return 'Enter your username and password.';
    login.mutate({ username, password }, { onSuccess: () => navigate('/', { replace: true }) });
    return null;
  };

  return (
    <AuthLayout
      title="Log in"
      footer={
        settings.data?.signupEnabled ? (
          <p>
            New here? <Link to="/signup">Create an account</Link>
          </p>
        ) : null
      }
    >
      <CredentialsForm submitLabel="Log in" passwordAutoComplete="current-password" pending={login.isPending} error={login.error} onSubmit={onSubmit} />
    </AuthLayout>
  );
}
