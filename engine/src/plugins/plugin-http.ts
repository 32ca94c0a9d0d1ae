/**
 * Plugin HTTP routes: `GET /api/plugins` (what runs on this node), the admin operations under
 * `/api/admin/plugins` (reload, unload, load; broadcast to every node), and each plugin's own
 * routes under `/api/plugins/<name>/`, dispatched to the version loaded right now.
 *
 * @module
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import { pluginEntrySchema } from './plugin-config.ts';
import type { PluginHost } from './plugin-host.ts';
import type { PluginSync } from './plugin-sync.ts';
import type { HookMetrics } from './plugin-metrics.ts';

/** Decides whether a request comes from an administrator. */
export type AdminCheck = (request: Request) => boolean | Promise<boolean>;

/**
 * Creates the plugin router (mount it at the app root).
 *
 * @example
 * ```ts
 * app.use(createPluginRouter({ host: engine.plugins, sync, isAdmin }));
 * ```
 */
export function createPluginRouter(options: {
  host: PluginHost;
  sync: PluginSync;
  isAdmin: AdminCheck;
  /** Per-plugin hook counters (calls, errors, timeouts, time) to show with each plugin. */
  metrics?: () => Record<string, Record<string, HookMetrics>>;
}): Router {
  const router = express.Router();
  const { host, sync } = options;
  router.get('/api/plugins', (_request, response) => {
    const metrics = options.metrics?.() ?? {};
    const plugins = host
      .list()
      .map((plugin) => ({ ...plugin, metrics: metrics[plugin.name] ?? {} }));
    response.json({ plugins, recycleRecommended: host.recycleRecommended });
  });
  const admin = express.Router();
  admin.use(async (request, _response, next) => {
    next((await options.isAdmin(request)) ? undefined : new EngineError('CMZ_ERR_AUTH_FORBIDDEN'));
  });
  admin.use(express.json({ limit: '64kb' }));
  admin.post('/:name/reload', async (request, response) => {
    response.json({
      plugin: await sync.run({ action: 'reload', name: String(request.params.name) }),
    });
  });
  admin.post('/:name/unload', async (request, response) => {
    await sync.run({ action: 'unload', name: String(request.params.name) });
    response.json({ ok: true });
  });
  admin.post('/', async (request, response) => {
    const parsed = pluginEntrySchema.safeParse(request.body);
    if (!parsed.success) {
      throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
        args: ['plugin entry', parsed.error.issues[0]?.message ?? 'invalid'],
      });
    }
    response.json({
      plugin: await sync.run({ action: 'reload', name: parsed.data.name, entry: parsed.data }),
    });
  });
  router.use('/api/admin/plugins', admin);
  router.use('/api/plugins/:name', (request, response, next) => {
    const pluginRouter = host.routerFor(String(request.params.name));
    if (pluginRouter === undefined)
      return next(
        new EngineError('CMZ_ERR_PLUGIN_NOT_FOUND', { args: [String(request.params.name)] }),
      );
    pluginRouter(request, response, next);
  });
  router.use('/api/plugins', pluginErrorHandler);
  router.use('/api/admin/plugins', pluginErrorHandler);
  return router;
}

function pluginErrorHandler(
  error: unknown,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (response.headersSent) return next(error);
  const engineError = EngineError.from(error);
  const { code, message } = toPublicError(engineError);
  response.status(engineError.status).json({ code, message, details: engineError.details ?? {} });
}
