/** `node libs/config/dist/check.js`: validates the environment and exits non-zero naming each bad variable. */
import { ConfigError, loadConfig } from './config';

try {
  const config = loadConfig();
  console.log(`config ok: data in ${config.dataDir}, apps at *.${config.appsDomain}:${config.appsPort}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
