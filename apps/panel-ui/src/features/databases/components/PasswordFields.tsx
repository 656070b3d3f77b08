import { DATABASE_PASSWORD_RULE, DatabasePasswordRequest } from '@panel/contracts';
import { useState } from 'react';
import { TextField } from '../../../components/FormField';

export interface PasswordPair {
  password: string;
  confirmPassword: string;
}

/** The password entered twice, checked here with the server's own rule before it is sent. */
export function usePasswordPair() {
  const [pair, setPair] = useState<PasswordPair>({ password: '', confirmPassword: '' });
  const [errors, setErrors] = useState<{ password?: string; confirmPassword?: string }>({});
  const validate = (): PasswordPair | null => {
    const parsed = DatabasePasswordRequest.safeParse(pair);
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    const found: { password?: string; confirmPassword?: string } = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'confirmPassword' ? 'confirmPassword' : 'password';
      found[field] ??= issue.message;
    }
    setErrors(found);
    return null;
  };
  const reset = () => setPair({ password: '', confirmPassword: '' });
  return { pair, setPair, errors, validate, reset };
}

export function PasswordFields({ state, label = 'Password' }: { state: ReturnType<typeof usePasswordPair>; label?: string }) {
  const { pair, setPair, errors } = state;
  return (
    <div className="form-row">
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        hint={DATABASE_PASSWORD_RULE}
        value={pair.password}
        onChange={(event) => setPair({ ...pair, password: event.target.value })}
        error={errors.password}
      />
      <TextField
        label={`${label} (again)`}
        type="password"
        autoComplete="new-password"
        value={pair.confirmPassword}
        onChange={(event) => setPair({ ...pair, confirmPassword: event.target.value })}
        error={errors.confirmPassword}
      />
    </div>
  );
}
