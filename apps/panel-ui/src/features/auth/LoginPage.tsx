import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';
import { AuthLayout } from './AuthLayout';
import { useLogin, usePublicSettings, useSession } from './hooks';

export function LoginPage() {
  const session = useSession();
  const settings = usePublicSettings();
  const login = useLogin();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  if (session.data) return <Navigate to="/" replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.reset();
    if (!username.trim() || !password) {
      setInvalid('Enter your username and password.');
      return;
    }
    setInvalid(null);
    login.mutate({ username: username.trim(), password }, { onSuccess: () => navigate('/', { replace: true }) });
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
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorAlert error={invalid ?? login.error} />
        <Button type="submit" className="btn-block" loading={login.isPending}>
          Log in
        </Button>
      </form>
    </AuthLayout>
  );
}
