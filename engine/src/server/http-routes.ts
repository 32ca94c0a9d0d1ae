/**
 * The engine's own HTTP routes: liveness, readiness (only when the stores answer), the public
 * animal list, shared conversation snapshots and the minimal chat page.
 *
 * @module
 */
import express, { type Express, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { toAnimalSummary, type AnimalCatalog } from '../content/animal-catalog.ts';
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import type { ShareStore } from '../session/share-store.ts';

/** A named readiness check; it rejects when its dependency does not answer. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const publicDirectory = fileURLToPath(new URL('../../public/', import.meta.url));
const localeParameter = /^(en|es|zh)$/;
const shareIdParameter = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Creates the Express app with the engine's routes.
 *
 * @example
 * ```ts
 * const app = createHttpApp({ animals, readiness: [{ name: 'store', check: () => store.ping() }] });
 * ```
 */
export function createHttpApp(options: {
  animals: AnimalCatalog;
  readiness: ReadinessCheck[];
  /** Serves `GET /engine/shares/:shareId` from it when given. */
  shares?: ShareStore;
  /** More routers (plugins, REST), mounted before the static page. */
  routers?: Router[];
  /** Graceful shutdown: while draining, `/readyz` answers 503 `draining` and `guard` refuses the rest. */
  drain?: { draining: boolean; httpGuard: express.RequestHandler };
}): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.drain) app.use(options.drain.httpGuard);
  for (const router of options.routers ?? []) app.use(router);
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    if (options.drain?.draining) {
      // A load balancer stops routing here at once; the checks no longer matter.
      response.status(503).json({ status: 'draining', checks: [] });
      return;
    }
    const results = await Promise.all(
      options.readiness.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 2_000);
          return { name, ok: true };
        } catch {
          return { name, ok: false };
        }
      }),
    );
    const ready = results.every((result) => result.ok);
    response
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
  app.get('/engine/animals', (request, response) => {
    const requested = typeof request.query.locale === 'string' ? request.query.locale : 'en';
    const locale = localeParameter.test(requested) ? (requested as 'en' | 'es' | 'zh') : 'en';
    response.json({
      animals: options.animals.list().map((animal) => toAnimalSummary(animal, locale)),
    });
  });
  if (options.shares) mountShareRoute(app, options.shares);
  app.use(express.static(publicDirectory, { index: 'index.html', maxAge: '1h' }));
  return app;
}

/**
 * `GET /engine/shares/:shareId`: the snapshot as JSON `{animal, messages, sharedAt}`, or 404
 * `CMZ_ERR_SHARE_NOT_FOUND` when unknown, revoked or expired. Never cached (a revoke must take
 * effect at once), never indexed, no cookies, no referrer sent on from the page.
 */
function mountShareRoute(app: Express, shares: ShareStore): void {
  app.get('/engine/shares/:shareId', async (request, response) => {
    response.set({
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
      'Referrer-Policy': 'no-referrer',
    });
    try {
      const { shareId } = request.params;
      const snapshot = shareIdParameter.test(shareId) ? await shares.getShare(shareId) : null;
      if (snapshot === null) throw new EngineError('CMZ_ERR_SHARE_NOT_FOUND');
      response.json(snapshot);
    } catch (error) {
      const { code, message } = toPublicError(error);
      response.status(EngineError.from(error).status).json({ code, message });
    }
  });
}

function withTimeout(promise: Promise<void>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
