import {
  CreateWebAppRequest,
  DEFAULT_PYTHON_VERSION,
  PYTHON_VERSIONS,
  type PythonVersion,
  type WebAppTemplate,
} from '@panel/contracts';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/FormField';
import { useCurrentSession } from '../../auth/hooks';
import { useCreateWebApp } from '../hooks';
import { defaultDomain, defaultSourceDirectory, TEMPLATE_CHOICES } from '../webappText';

/** "Add a new web app": domain, framework, Python version and source directory; the setup job runs on the app's page. */
export function AddWebAppForm() {
  const { account, appsDomain } = useCurrentSession();
  const create = useCreateWebApp();
  const navigate = useNavigate();
  const [domain, setDomain] = useState(defaultDomain(account.username, appsDomain));
  const [template, setTemplate] = useState<WebAppTemplate>('flask');
  const [pythonVersion, setPythonVersion] = useState<PythonVersion>(DEFAULT_PYTHON_VERSION);
  const [sourceDirectory, setSourceDirectory] = useState(defaultSourceDirectory(account.username));
  const [siteUser, setSiteUser] = useState('');
  const [sitePassword, setSitePassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    if (template === 'comment-board' && (!siteUser.trim() || !sitePassword)) {
      return setInvalid('The comment board needs its first user: enter a site user name and password.');
    }
    const body: CreateWebAppRequest = {
      domain: domain.trim(),
      template,
      pythonVersion,
      sourceDirectory: sourceDirectory.trim() || undefined,
      ...(template === 'comment-board' ? { initialUser: { username: siteUser.trim(), password: sitePassword } } : {}),
    };
    const parsed = CreateWebAppRequest.safeParse(body);
    if (!parsed.success) return setInvalid(parsed.error.issues[0]?.message ?? 'Check the form.');
    setInvalid(null);
    create.mutate(body, { onSuccess: ({ webapp }) => navigate(`/web/${encodeURIComponent(webapp.domain)}`) });
  };

  return (
    <Card title="Add a new web app" description="The app is created at once; a job then sets it up and starts it, and you can watch its log.">
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <TextField
          label="Domain"
          hint={
            <>
              Your subdomain is <span className="mono">{defaultDomain(account.username, appsDomain)}</span>; another domain must be
              yours and point at this server.
            </>
          }
          autoCapitalize="none"
          spellCheck={false}
          value={domain}
          onChange={(event) => setDomain(event.target.value)}
        />
        <fieldset className="fieldset">
          <legend className="field-label">Framework</legend>
          <div className="radio-list">
            {TEMPLATE_CHOICES.map((choice) => (
              <label key={choice.value} className={template === choice.value ? 'radio-card selected' : 'radio-card'}>
                <input
                  type="radio"
                  name="template"
                  value={choice.value}
                  checked={template === choice.value}
                  onChange={() => setTemplate(choice.value)}
                />
                <span>
                  <span className="radio-label">{choice.label}</span>
                  <span className="field-hint" aria-hidden="true">
                    {choice.hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-row">
          <SelectField label="Python version" value={pythonVersion} onChange={(event) => setPythonVersion(event.target.value as PythonVersion)}>
            {PYTHON_VERSIONS.map((v) => (
              <option key={v} value={v}>
                Python {v}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Source directory"
            hint={template === 'manual' ? 'Where your code is.' : 'A new or empty directory: the quickstart code goes there.'}
            spellCheck={false}
            value={sourceDirectory}
            onChange={(event) => setSourceDirectory(event.target.value)}
          />
        </div>
        {template === 'comment-board' && (
          <div className="form-row">
            <TextField
              label="Site user name"
              hint="The first user of the site, to log in and post comments."
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={siteUser}
              onChange={(event) => setSiteUser(event.target.value)}
            />
            <TextField
              label="Site user password"
              hint="At least 6 characters."
              type="password"
              autoComplete="new-password"
              value={sitePassword}
              onChange={(event) => setSitePassword(event.target.value)}
            />
          </div>
        )}
        <ErrorAlert error={invalid ?? create.error} />
        <div className="button-row">
          <Button type="submit" loading={create.isPending}>
            Create web app
          </Button>
          <Button variant="ghost" onClick={() => navigate('/web')}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
