import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobView, MigrationStatusView } from '@panel/contracts';
import { outputOf, readJobEvents, startTestPlatform, TestClient, waitForJob } from '../testing/platform';
import { appRequest } from '../testing/app-http';

const COLUMNS = `python -c "
from flask_app import app, db
with app.app_context():
    import sqlalchemy as sa
    cols = [c['name'] for c in sa.inspect(db.engine).get_columns('comments')]
    rows = [r[0] for r in db.session.execute(sa.text('select content from comments')).fetchall()]
    print('COLUMNS', ','.join(cols))
    print('ROWS', ','.join(rows))
"`;

const BROKEN_MIGRATION = `"""a broken migration

Revision ID: badbad000001
Revises: 9e2b6d4f1a03
"""
from alembic import op
import sqlalchemy as sa

revision = "badbad000001"
down_revision = "9e2b6d4f1a03"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("comments", sa.Column("posted", sa.DateTime(), nullable=True))


def downgrade():
    pass
`;

const BRANCH_MIGRATION = `"""a branch

Revision ID: branch000001
Revises: 7c4e8a1d2f02
"""
revision = "branch000001"
down_revision = "7c4e8a1d2f02"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
`;

const PG_APP = `import os
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = DATABASE_URL
db = SQLAlchemy(app)
migrate = Migrate(app, db)
`;

const pgRevision = (id: string, down: string | null, message: string, up: string, downSql: string) => `"""${message}"""
from alembic import op

revision = "${id}"
down_revision = ${down ? `"${down}"` : 'None'}
branch_labels = None
depends_on = None


def upgrade():
    op.execute("${up}")


def downgrade():
    op.execute("${downSql}")
`;

const PG_REVISIONS: Record<string, string> = {
  'pg0000000001_items.py': pgRevision('pg0000000001', null, 'items table', 'CREATE TABLE items (id serial PRIMARY KEY)', 'DROP TABLE items'),
  'pg0000000002_items_name.py': pgRevision('pg0000000002', 'pg0000000001', 'items.name', 'ALTER TABLE items ADD COLUMN name text', 'ALTER TABLE items DROP COLUMN name'),
};

/** Polls the PythonAnywhere API's get_latest_output until the pattern shows. */
async function waitForLatestOutput(client: TestClient, base: string, id: number, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let output = '';
  while (Date.now() < deadline) {
    const res = await client.get<{ output: string }>(`${base}/${id}/get_latest_output/`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    output = res.body.output;
    if (pattern.test(output)) return output;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${pattern}; latest output:\n${output}`);
}

describe('database migrations of a web app (the comment board)', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let client: TestClient;
  let username: string;
  let uid: number;
  let domain: string;

  before(async () => {
    platform = await startTestPlatform();
    client = new TestClient(platform.url);
    const session = await client.signup();
    username = session.account.username;
    uid = session.account.uid;
    domain = `${username}.${platform.config.appsDomain}`;
    const created = await client.post('/api/webapps', { template: 'comment-board', pythonVersion: '3.11', initialUser: { username: 'admin', password: 'secret123' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const job = await waitForJob(client, created.body.job.id);
    assert.equal(job.status, 'succeeded', job.error ?? '');
  });
  after(() => platform.close());

  async function migrate(body: object): Promise<{ job: JobView; output: string }> {
    const res = await client.post<JobView>(`/api/webapps/${domain}/migrations`, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const events = await readJobEvents(client, res.body.id);
    return { job: await waitForJob(client, res.body.id), output: outputOf(events) };
  }
  const status = async () => (await client.get<MigrationStatusView>(`/api/webapps/${domain}/migrations`)).body;
  const versionsDir = () => join(platform.config.homesDir, username, 'mysite', 'migrations', 'versions');

  test('the three revisions were applied in order by the quickstart, and the status shows them', async () => {
    const s = await status();
    assert.equal(s.configured, true);
    assert.equal(s.flaskApp, 'flask_app');
    assert.deepEqual(s.revisions.map((r) => r.revision), ['5a1f3c2b9d01', '7c4e8a1d2f02', '9e2b6d4f1a03']);
    assert.deepEqual(s.revisions.map((r) => r.message), ['comments table', 'add posted timestamp to comments', 'users table and comments.commenter_id']);
    assert.equal(s.current, '9e2b6d4f1a03');
    assert.deepEqual(s.currentRevisions, ['9e2b6d4f1a03']);
    assert.deepEqual(s.heads, ['9e2b6d4f1a03']);
    assert.deepEqual(s.pending, []);
    assert.ok(s.revisions.every((r) => r.applied));
    assert.deepEqual(s.revisions.filter((r) => r.current).map((r) => r.revision), ['9e2b6d4f1a03']);
    assert.equal(s.database.state, 'read');
    assert.equal(s.database.dialect, 'mysql');
    assert.equal(s.database.database, `${username}$comments`);
    assert.ok(s.currentReadAt && Date.now() - Date.parse(s.currentReadAt) < 10 * 60_000, String(s.currentReadAt));
    assert.match(s.database.how!, /alembic_version table of the mysql database/);
  });

  test('downgrades remove commenter_id, then posted; upgrade brings them back with the rows kept', async () => {
    const insert = await migrate({ action: 'custom', command: `python -c "
from flask_app import app, db, Comment
with app.app_context():
    db.session.add(Comment(content='kept across migrations'))
    db.session.commit()
"` });
    assert.equal(insert.job.status, 'succeeded', insert.output);

    const refused = await client.post(`/api/webapps/${domain}/migrations`, { action: 'downgrade' });
    assert.equal(refused.status, 400, 'a downgrade needs a confirmation');
    assert.match(refused.body.message, /confirm/);

    const before = (await status()).currentReadAt!;
    let step = await migrate({ action: 'downgrade', confirm: true });
    assert.equal(step.job.status, 'succeeded', step.output);
    let s = await status();
    assert.equal(s.current, '7c4e8a1d2f02');
    assert.deepEqual(s.pending, ['9e2b6d4f1a03'], 'one pending after downgrade -1');
    assert.deepEqual(s.revisions.filter((r) => r.current).map((r) => r.revision), ['7c4e8a1d2f02']);
    assert.ok(Date.parse(s.currentReadAt!) > Date.parse(before), 'read again by the downgrade job');
    assert.equal(s.database.jobId, step.job.id);
    let columns = await migrate({ action: 'custom', command: COLUMNS });
    assert.match(columns.output, /COLUMNS id,content,posted\n/);

    step = await migrate({ action: 'downgrade', confirm: true });
    assert.equal(step.job.status, 'succeeded', step.output);
    s = await status();
    assert.equal(s.current, '5a1f3c2b9d01');
    assert.deepEqual(s.pending, ['7c4e8a1d2f02', '9e2b6d4f1a03']);
    columns = await migrate({ action: 'custom', command: COLUMNS });
    assert.match(columns.output, /COLUMNS id,content\n/);
    assert.match(columns.output, /ROWS kept across migrations/);

    step = await migrate({ action: 'upgrade' });
    assert.equal(step.job.status, 'succeeded', step.output);
    assert.match(step.output, /Running upgrade 5a1f3c2b9d01 -> 7c4e8a1d2f02/);
    assert.match(step.output, /Running upgrade 7c4e8a1d2f02 -> 9e2b6d4f1a03/);
    s = await status();
    assert.equal(s.current, '9e2b6d4f1a03');
    assert.deepEqual(s.pending, []);
    columns = await migrate({ action: 'custom', command: COLUMNS });
    assert.match(columns.output, /COLUMNS id,content,posted,commenter_id\n/);
    assert.match(columns.output, /ROWS kept across migrations/);
    const history = (await status()).history;
    assert.deepEqual(history.slice(0, 3).map((h) => h.action), ['custom', 'upgrade', 'custom']);
  });

  test('a broken migration fails cleanly and names its revision and the database error', async () => {
    const file = join(versionsDir(), 'badbad000001_a_broken_migration.py');
    await writeFile(file, BROKEN_MIGRATION);
    await chown(file, uid, uid);
    try {
      const { job } = await migrate({ action: 'upgrade' });
      assert.equal(job.status, 'failed');
      assert.match(job.error!, /upgrade to badbad000001 \("a broken migration"\) failed/);
      assert.match(job.error!, /Duplicate column name 'posted'/);
      assert.match(job.error!, /as Alembic left it/);
      const s = await status();
      assert.equal(s.current, '9e2b6d4f1a03');
      assert.deepEqual(s.pending, ['badbad000001']);

      // Migrations on reload: the failing upgrade stops the reload and the old version keeps serving.
      assert.equal((await client.request('PATCH', `/api/webapps/${domain}`, { runMigrationsOnReload: true })).status, 200);
      const reload = await client.post<JobView>(`/api/webapps/${domain}/reload`);
      const reloadJob = await waitForJob(client, reload.body.id);
      assert.equal(reloadJob.status, 'failed');
      assert.match(reloadJob.error!, /Reload stopped: The upgrade to badbad000001/);
      assert.match(reloadJob.error!, /previous version keeps serving/);
      const site = await appRequest(platform.config.appsPort, domain);
      assert.equal(site.status, 200);
      assert.match(site.body, /scratchboard/);
    } finally {
      await rm(file, { force: true });
    }
    const reload = await client.post<JobView>(`/api/webapps/${domain}/reload`);
    assert.equal((await waitForJob(client, reload.body.id)).status, 'succeeded', 'with the migration gone, reload (with its upgrade step) works');
  });

  test('generate shows the new migration for review; nothing to do gives no file', async () => {
    const { job, output } = await migrate({ action: 'generate', message: 'nothing changed' });
    assert.equal(job.status, 'succeeded', output);
    assert.match(output, /No changes in schema detected/);
    assert.doesNotMatch(output, /new migration/);
  });

  test('a flask db downgrade typed in a bash console shows in the status after Refresh', async () => {
    const token = await client.post<{ token: string }>('/api/account/tokens', { name: 'migrations' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const api = new TestClient(platform.url);
    api.token = token.body.token;
    const base = `/api/v0/user/${username}/consoles`;
    const created = await api.post<{ id: number }>(`${base}/`, { executable: 'bash', arguments: '' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await waitForLatestOutput(api, base, id, /\d\d:\d\d ~ \$/);
    const input = 'cd ~/mysite && ~/.virtualenvs/mysite-env/bin/flask --app flask_app db downgrade; echo "console-done-$((40+2))"\n';
    assert.equal((await api.post(`${base}/${id}/send_input/`, { input })).status, 200);
    const output = await waitForLatestOutput(api, base, id, /^console-done-42$/m, 60_000);
    assert.match(output, /Running downgrade 9e2b6d4f1a03 -> 7c4e8a1d2f02/);

    assert.equal((await status()).current, '9e2b6d4f1a03', 'not read again yet: the last read, with its time');
    const refresh = await client.post<JobView>(`/api/webapps/${domain}/migrations/refresh`);
    assert.equal(refresh.status, 201, JSON.stringify(refresh.body));
    assert.equal((await waitForJob(client, refresh.body.id)).status, 'succeeded');
    let s = await status();
    assert.equal(s.current, '7c4e8a1d2f02');
    assert.deepEqual(s.pending, ['9e2b6d4f1a03']);
    assert.equal(s.database.jobId, refresh.body.id);

    const up = await migrate({ action: 'upgrade' });
    assert.equal(up.job.status, 'succeeded', up.output);
    s = await status();
    assert.equal(s.current, '9e2b6d4f1a03');
    assert.deepEqual(s.pending, []);
    await api.delete(`${base}/${id}/`);
  });

  test('two heads (a branch): both listed, the status names which the database is at', async () => {
    const file = join(versionsDir(), 'branch000001_a_branch.py');
    await writeFile(file, BRANCH_MIGRATION);
    await chown(file, uid, uid);
    try {
      const refresh = await client.post<JobView>(`/api/webapps/${domain}/migrations/refresh`);
      assert.equal((await waitForJob(client, refresh.body.id)).status, 'succeeded');
      let s = await status();
      assert.deepEqual([...s.heads].sort(), ['9e2b6d4f1a03', 'branch000001']);
      assert.equal(s.current, '9e2b6d4f1a03');
      assert.deepEqual(s.pending, ['branch000001']);

      const up = await migrate({ action: 'upgrade', revision: 'heads' });
      assert.equal(up.job.status, 'succeeded', up.output);
      s = await status();
      assert.deepEqual(s.currentRevisions, ['9e2b6d4f1a03', 'branch000001']);
      assert.equal(s.current, null, 'two rows: no single current revision');
      assert.deepEqual(s.revisions.filter((r) => r.current).map((r) => r.revision).sort(), ['9e2b6d4f1a03', 'branch000001']);
      assert.deepEqual(s.pending, []);
    } finally {
      const cleanup = await migrate({ action: 'custom', command: `python -c "
from flask_app import app, db
import sqlalchemy as sa
with app.app_context():
    db.session.execute(sa.text(\\"delete from alembic_version where version_num = 'branch000001'\\"))
    db.session.commit()
"` });
      assert.equal(cleanup.job.status, 'succeeded', cleanup.output);
      await rm(file, { force: true });
    }
    const s = await status();
    assert.equal(s.current, '9e2b6d4f1a03');
    assert.deepEqual(s.heads, ['9e2b6d4f1a03']);
  });

  test('PostgreSQL: not under migrations after init, head after upgrade; an unreachable database is said so, not a stale value', async () => {
    const password = `Migrations-${Date.now()}-pg`;
    const init = await client.post('/api/databases/postgres/initialize', { password, confirmPassword: password });
    assert.equal(init.status, 201, JSON.stringify(init.body));
    const site = join(platform.config.homesDir, username, 'pgsite');
    await mkdir(join(site), { recursive: true });
    await chown(site, uid, uid);
    const writeApp = async (url: string) => {
      await writeFile(join(site, 'flask_app.py'), PG_APP.replace('DATABASE_URL', url));
      await chown(join(site, 'flask_app.py'), uid, uid);
    };
    await writeApp('"postgresql+psycopg2:///" + os.environ["PGDATABASE"]');
    const created = await client.post('/api/webapps', { domain: `pg-${username}.example.test`, pythonVersion: '3.11', sourceDirectory: 'pgsite' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const pgDomain = created.body.webapp.domain;
    await waitForJob(client, created.body.job.id);
    await client.request('PUT', `/api/webapps/${pgDomain}/wsgi`, { content: `import sys\nsys.path.insert(0, '/home/${username}/pgsite')\nfrom flask_app import app as application\n` });
    const pgStatus = async () => (await client.get<MigrationStatusView>(`/api/webapps/${pgDomain}/migrations`)).body;
    const run = async (body: object) => {
      const res = await client.post<JobView>(`/api/webapps/${pgDomain}/migrations`, body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const output = outputOf(await readJobEvents(client, res.body.id));
      const job = await waitForJob(client, res.body.id);
      assert.equal(job.status, 'succeeded', output);
      return output;
    };

    await run({ action: 'init' });
    let s = await pgStatus();
    assert.equal(s.configured, true);
    assert.equal(s.database.state, 'not-under-migrations', JSON.stringify(s.database));
    assert.equal(s.database.dialect, 'postgresql');
    assert.equal(s.database.database, `${username}$default`);
    assert.equal(s.current, null);

    const versions = join(site, 'migrations', 'versions');
    for (const [name, text] of Object.entries(PG_REVISIONS)) {
      await writeFile(join(versions, name), text);
      await chown(join(versions, name), uid, uid);
    }
    await run({ action: 'upgrade' });
    s = await pgStatus();
    assert.equal(s.database.state, 'read', JSON.stringify(s.database));
    assert.equal(s.current, 'pg0000000002');
    assert.deepEqual(s.heads, ['pg0000000002']);
    assert.deepEqual(s.pending, []);
    await run({ action: 'downgrade', confirm: true });
    s = await pgStatus();
    assert.equal(s.current, 'pg0000000001');
    assert.deepEqual(s.pending, ['pg0000000002']);

    await writeApp('"postgresql+psycopg2://nobody@127.0.0.1:1/nothing"');
    const refresh = await client.post<JobView>(`/api/webapps/${pgDomain}/migrations/refresh`);
    assert.equal((await waitForJob(client, refresh.body.id)).status, 'succeeded');
    s = await pgStatus();
    assert.equal(s.database.state, 'unreachable', JSON.stringify(s.database));
    assert.match(s.database.message!, /Could not connect to the database postgresql\+psycopg2:\/\/nobody@127\.0\.0\.1:1\/nothing/);
    assert.equal(s.current, null, 'no stale value');
    assert.equal(s.currentReadAt, null);
    assert.deepEqual(s.pending, []);
    assert.ok(s.revisions.every((r) => r.applied === null && !r.current));
  });

  test('adopt a database made with db.create_all(): initial migration from a scratch database, real one stamped', async () => {
    const site = join(platform.config.homesDir, username, 'notes');
    await mkdir(site, { recursive: true });
    await chown(site, uid, uid);
    const code = `import configparser, os
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = Flask(__name__)
cnf = configparser.ConfigParser()
cnf.read(os.path.expanduser("~/.my.cnf"))
c = cnf["client"]
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://%s:%s@%s/%s" % (c["user"], c["password"], c["host"], c["user"] + "$notes")
db = SQLAlchemy(app)
migrate = Migrate(app, db)


class Note(db.Model):
    __tablename__ = "notes"
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200))
`;
    await writeFile(join(site, 'flask_app.py'), code);
    await chown(join(site, 'flask_app.py'), uid, uid);
    // The comment board initialized the account's MySQL user; the notes app gets a database of its own, as a user would make it.
    const notesDb = await client.post('/api/databases/mysql', { name: 'notes' });
    assert.equal(notesDb.status, 201, JSON.stringify(notesDb.body));

    const app = await client.post('/api/webapps', { domain: `notes-${username}.example.test`, pythonVersion: '3.11', sourceDirectory: 'notes' });
    assert.equal(app.status, 201);
    const notesDomain = app.body.webapp.domain;
    await waitForJob(client, app.body.job.id);
    await client.request('PATCH', `/api/webapps/${notesDomain}`, { virtualenv: 'mysite-env' });
    await client.request('PUT', `/api/webapps/${notesDomain}/wsgi`, { content: `import sys\nsys.path.insert(0, '/home/${username}/notes')\nfrom flask_app import app as application\n` });

    const created = await client.post<JobView>(`/api/webapps/${notesDomain}/migrations`, {
      action: 'custom',
      command: 'python -c "from flask_app import app, db\nwith app.app_context(): db.create_all()"',
    });
    assert.equal((await waitForJob(client, created.body.id)).status, 'succeeded');
    const unmigrated = (await client.get<MigrationStatusView>(`/api/webapps/${notesDomain}/migrations`)).body;
    assert.equal(unmigrated.database.state, 'not-under-migrations', JSON.stringify(unmigrated.database));
    assert.match(unmigrated.database.message!, /no alembic_version table/);
    assert.equal(unmigrated.current, null);

    const adopt = await client.post<JobView>(`/api/webapps/${notesDomain}/migrations`, { action: 'adopt' });
    const events = await readJobEvents(client, adopt.body.id);
    const adoptJob = await waitForJob(client, adopt.body.id);
    assert.equal(adoptJob.status, 'succeeded', outputOf(events));
    assert.match(outputOf(events), /Detected added table 'notes'/);
    const s = (await client.get<MigrationStatusView>(`/api/webapps/${notesDomain}/migrations`)).body;
    assert.equal(s.configured, true);
    assert.equal(s.revisions.length, 1);
    assert.equal(s.revisions[0].message, 'initial schema');
    assert.equal(s.current, s.revisions[0].revision);
    assert.deepEqual(s.pending, []);
    const again = await client.post<JobView>(`/api/webapps/${notesDomain}/migrations`, { action: 'generate', message: 'after adopting' });
    const againEvents = await readJobEvents(client, again.body.id);
    assert.match(outputOf(againEvents), /No changes in schema detected/);
  });

  test("another account cannot see or run another's migrations", async () => {
    const other = new TestClient(platform.url);
    await other.signup();
    assert.equal((await other.get(`/api/webapps/${domain}/migrations`)).status, 404);
    assert.equal((await other.post(`/api/webapps/${domain}/migrations`, { action: 'upgrade' })).status, 404);
    assert.equal((await other.post(`/api/webapps/${domain}/migrations/refresh`)).status, 404);
  });
});
