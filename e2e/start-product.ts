/**
 * Starts the whole product (engine, REST layer, web app) for the browser journeys: embedded
 * defaults, a throwaway data directory, the offline responder at a visible but quick pace.
 *
 * The web app is served from a COPY of `web/build` taken at start: a rebuild of `web/` while the
 * journeys run (another terminal, `npm run dev`…) replaces the hashed client chunks, and pages
 * rendered by the already-loaded server would then reference chunks that no longer exist and
 * never hydrate.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../engine/src/server/start-server.ts';
import { restCompatExtension } from '../rest-compat/src/index.ts';
import { defaultBuildDirectory, webExtension } from '../web/serve.ts';

const dataDirectory = await mkdtemp(join(tmpdir(), 'cmz-e2e-'));
const buildDirectory = join(dataDirectory, 'web-build');
await cp(defaultBuildDirectory, buildDirectory, { recursive: true });
// Outside web/, the copy needs its own marker that its .js files are ES modules.
await writeFile(join(buildDirectory, 'package.json'), '{ "type": "module" }\n');
const server = await startServer({
  environment: {
    ...process.env,
    PORT: process.env.E2E_PORT ?? '3917',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDirectory,
    REST_LEGACY_PORT: 'off',
    OFFLINE_WORDS_PER_SECOND: '25',
    BCRYPT_COST: '4',
    RATE_LIMIT_CAPACITY: '100',
    RATE_LIMIT_REFILL_PER_SECOND: '10',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  },
  extensions: [restCompatExtension(), webExtension({ buildDirectory })],
});
const stop = () =>
  void server
    .close()
    .then(() => rm(dataDirectory, { recursive: true, force: true }))
    .finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
