import { PASSWORD_RULE, SignupRequest, USERNAME_RULE } from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/FormField';
import { Spinner } from '../../components/Spinner';
import { AuthLayout } from './AuthLayout';
import { usePublicSettings, useSession, useSignup } from './hooks';

export function SignupPage() {
  const session = useSession();
  const settings = usePublicSettings();
  const signup = useSignup();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

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

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signup.reset();
    // The same rules the API applies, checked here first for a quicker answer.
    const parsed = SignupRequest.safeParse({ username: username.trim(), password });
    if (!parsed.success) {
      setInvalid([...new Set(parsed.error.issues.map((issue) => issue.message))].join(' '));
      return;
    }
    setInvalid(null);
    signup.mutate(parsed.data, { onSuccess: () => navigate('/', { replace: true }) });
  };

  return (
    <AuthLayout title="Create your account" footer={footer}>
      <ErrorAlert error={settings.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          hint={USERNAME_RULE}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={PASSWORD_RULE}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorAlert error={invalid ?? signup.error} />
        <Button type="submit" className="btn-block" loading={signup.isPending}>
          Sign up
        </Button>
      </form>
    </AuthLayout>
  );
}
