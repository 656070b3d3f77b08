/**
 * `node libs/config/dist/cli/print-setting.js NAME`: prints the effective value of the setting NAME (the environment,
 * then the env file's line, then the default, read exactly as panel-api and the worker read them), so scripts ask
 * the config instead of restating a default. `--default NAME` prints the default alone. A list prints
 * comma-separated, an unset setting as an empty line. Exits 2 naming each bad variable, like the processes do.
 */
import { ConfigError, EnvSchema, formatSetting, loadSettings, type SettingName } from '../config';

const args = process.argv.slice(2);
const defaultOnly = args[0] === '--default';
const [name, ...extra] = defaultOnly ? args.slice(1) : args;

if (!name || extra.length > 0) {
  console.error('usage: print-setting [--default] NAME');
  process.exit(2);
}
if (!Object.hasOwn(EnvSchema.in.shape, name)) {
  console.error(`print-setting: no setting ${name} (README.md's settings table lists them)`);
  process.exit(2);
}

try {
  const settings = defaultOnly ? EnvSchema.parse({}) : loadSettings();
  console.log(formatSetting(settings[name as SettingName]));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
