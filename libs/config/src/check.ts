/** `node libs/config/dist/check.js`: validates the environment and exits non-zero naming each bad variable. */
import { loadConfigOrExit } from './config';

const config = loadConfigOrExit();
console.log(`config ok: data in ${config.dataDir}, apps at *.${config.appsDomain}:${config.appsPort}`);
