import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { HomeFs } from '@panel/home-fs';
import { join } from 'node:path';
import type { WebAppTemplate } from '@panel/contracts';

/** The quickstart code shipped with the platform (apps/panel-api/templates): root's own, read by path. */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

export async function templateRequirements(template: Exclude<WebAppTemplate, 'manual'>): Promise<string> {
  return readFile(join(TEMPLATES_DIR, template, 'requirements.txt'), 'utf8');
}

/**
 * Copies a template into the source directory (a canonical path in the home that is missing or an empty folder),
 * owned by the account, through HomeFs.copyIn: never by path as root, so a folder of the path swapped for a symlink
 * meanwhile makes the copy fail (a HomeFsError, a 4xx) with nothing made, in the home or anywhere else.
 */
export async function copyTemplate(template: Exclude<WebAppTemplate, 'manual'>, home: HomeFs, relative: string): Promise<void> {
  const extra = template === 'comment-board' ? [{ name: '.secret_key', content: randomBytes(32).toString('hex') + '\n', mode: 0o600 }] : [];
  await home.copyIn(join(TEMPLATES_DIR, template), relative, extra);
}

/** The WSGI file for a new app, like PythonAnywhere's: it imports the user's `app` as `application`. */
export function wsgiFileContent(options: { domain: string; sourceDirectory: string; module: string | null }): string {
  const header = `# This file contains the WSGI configuration required to serve up your
# web application at http://${options.domain}/
# It works by setting the variable 'application' to a WSGI handler of some
# description. Saving (touching) this file reloads the web app.
`;
  if (!options.module) {
    return `${header}
# +++++++++++ A placeholder until you point it at your code +++++++++++
# For a Flask app in ${options.sourceDirectory}/flask_app.py that makes \`app = Flask(__name__)\`:
#
# import sys
# path = '${options.sourceDirectory}'
# if path not in sys.path:
#     sys.path.append(path)
#
# from flask_app import app as application  # noqa


def application(environ, start_response):
    body = b"Hello, World! This web app is not connected to any code yet: edit its WSGI file."
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
`;
  }
  return `${header}
import sys

# add your project directory to the sys.path
project_home = '${options.sourceDirectory}'
if project_home not in sys.path:
    sys.path = [project_home] + sys.path

# import flask app but need to call it "application" for WSGI to work
from ${options.module} import app as application  # noqa
`;
}

/** A password hash that Werkzeug's check_password_hash accepts (pbkdf2:sha256), made without the password leaving here. */
export function werkzeugPasswordHash(password: string): string {
  const iterations = 260000;
  const salt = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  const hash = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('hex');
  return `pbkdf2:sha256:${iterations}$${salt}$${hash}`;
}
