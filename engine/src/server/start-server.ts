/**
 * Starts the whole product in one process on one port: the engine (Socket.IO), its HTTP routes
 * and the minimal chat page. Used by `npm start` and by integration tests (port 0).
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { Request, Router } from 'express';
import type { AddressInfo } from 'node:net';
import { resolveEngineSecret } from '../config/engine-secret.ts';
import { loadConfig, type EngineConfig } from '../config/load-config.ts';
import { AnimalCatalog } from '../content/animal-catalog.ts';
import { loadAnimalContent } from '../content/load-content.ts';
import { createEngine, type Engine } from '../create-engine.ts';
import { createKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { LlmModel } from '../llm/llm-model.ts';
import type { Plugin } from '../plugins/plugin-types.ts';
import { readPluginConfig } from '../plugins/plugin-config.ts';
import { createPluginRouter } from '../plugins/plugin-http.ts';
import {
  createLocalPluginSync,
  createRedisPluginSync,
  type PluginSync,
} from '../plugins/plugin-sync.ts';
import { watchPluginDirectories } from '../plugins/plugin-watcher.ts';
import { createLogger, type Logger } from '../telemetry/logger.ts';
import { buildModel } from './build-model.ts';
import { buildStores, type Stores } from './build-stores.ts';
import { createHttpApp, type ReadinessCheck } from './http-routes.ts';
import type { TokenAuthenticator } from '../transport/handshake.ts';

/** What a server extension (the REST layer, the web app) gets to build itself. */
export interface ServerExtensionContext {
  config: EngineConfig;
  engine: Engine;
  model: LlmModel;
  knowledge: KnowledgeBase;
  stores: Stores;
  animals: AnimalCatalog;
  logger: Logger;
  environment: Record<string, string | undefined>;
}

/** What an extension adds to the server. */
export interface ServerExtensionParts {
  /** Mounted on the main port before the engine's page. */
  routers?: Router[];
  /** More readiness checks for `/readyz`. */
  readiness?: ReadinessCheck[];
  /** Resolves bearer tokens of signed-in users for Socket.IO handshakes. */
  authenticateToken?: TokenAuthenticator;
  /** Runs after the main port listens (e.g. a second port). */
  started?: (server: { port: number }) => Promise<void>;
  close?: () => Promise<void>;
}

/**
 * Adds a part of the product to the one process (the REST layer, the web app). Extensions are
 * passed in by the composition root (`main.ts`), so the engine never imports them statically.
 */
export type ServerExtension = (context: ServerExtensionContext) => Promise<ServerExtensionParts>;

/** Overrides for tests and embedding. */
export interface StartServerOptions {
  /** Parts of the product to add (see {@link ServerExtension}). */
  extensions?: ServerExtension[];
  /** Environment to read instead of `process.env`. */
  environment?: Record<string, string | undefined>;
  /** A model to use instead of the configured one. */
  model?: LlmModel;
  plugins?: Plugin[];
  logger?: Logger;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  config: EngineConfig;
  engine: Engine;
  stores: Stores;
  animals: AnimalCatalog;
  /** Runs plugin actions on this node and every other. */
  pluginSync: PluginSync;
  httpServer: HttpServer;
  /** Graceful stop: replies in flight finish (up to the deadline), then everything closes. */
  close(): Promise<void>;
}

/**
 * Starts the product.
 *
 * @example
 * ```ts
 * const server = await startServer({ environment: { PORT: '0' } });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.environment ?? process.env);
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const content = await loadAnimalContent();
  const animals = new AnimalCatalog(content.animals);
  const knowledge = createKnowledgeBase(content.cards);
  const stores = buildStores(config);
  const secret = await resolveEngineSecret(config.ENGINE_SECRET, config.DATA_DIR, (message) =>
    logger.warn(message),
  );
  const model = options.model ?? buildModel(config);
  const pluginConfigFile = resolve(config.PLUGINS_CONFIG);
  const engine = createEngine({
    model,
    store: stores.store,
    shares: stores.shares,
    rateLimiter: stores.rateLimiter,
    animals,
    knowledge,
    secret,
    logger,
    plugins: options.plugins ?? [],
    maxMessageLength: config.MAX_MESSAGE_LENGTH,
    historyTurns: config.HISTORY_PROMPT_TURNS,
    socketOptions: stores.socketOptions,
    pluginState: stores.pluginState,
    pluginLoader: {
      baseDirectory: dirname(pluginConfigFile),
      snapshotRoot: resolve(
        config.PLUGIN_SNAPSHOT_DIR ?? join(dirname(pluginConfigFile), '.plugin-versions'),
      ),
    },
    pluginReloadBudget: config.PLUGIN_RELOAD_BUDGET,
  });
  await engine.plugins.start(await readPluginConfig(pluginConfigFile));
  const pluginSync = stores.redis
    ? await createRedisPluginSync({ host: engine.plugins, ...stores.redis, logger })
    : createLocalPluginSync(engine.plugins);
  const adminToken = await resolveEngineSecret(
    config.ADMIN_TOKEN,
    config.DATA_DIR,
    (message) => logger.warn(message),
    'admin-token',
  );
  const environment = options.environment ?? process.env;
  const parts: ServerExtensionParts[] = [];
  for (const extension of options.extensions ?? []) {
    parts.push(
      await extension({ config, engine, model, knowledge, stores, animals, logger, environment }),
    );
  }
  const authenticators = parts.flatMap((part) =>
    part.authenticateToken ? [part.authenticateToken] : [],
  );
  if (authenticators.length > 0)
    engine.setTokenAuthenticator(authenticators[0] as TokenAuthenticator);
  const readiness = [
    { name: 'conversation-store', check: () => stores.store.ping() },
    ...parts.flatMap((part) => part.readiness ?? []),
  ];
  const pluginRouter = createPluginRouter({
    host: engine.plugins,
    sync: pluginSync,
    isAdmin: (request) => bearerMatches(request, adminToken),
    metrics: () => engine.metrics.snapshot(),
  });
  const app = createHttpApp({
    animals,
    shares: stores.shares,
    readiness,
    routers: [pluginRouter, ...parts.flatMap((part) => part.routers ?? [])],
  });
  const httpServer = createServer(app);
  engine.attach(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  for (const part of parts) await part.started?.({ port });
  const stopWatching = config.PLUGINS_WATCH
    ? watchPluginDirectories(engine.plugins.directories(), (name) => {
        pluginSync.run({ action: 'reload', name }).catch(() => undefined);
      })
    : () => {};
  logger.info({ port, stores: stores.kind, model: model.provider }, 'cmz engine listening');
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    engine,
    stores,
    animals,
    pluginSync,
    httpServer,
    close: () =>
      (closing ??= (async () => {
        stopWatching();
        await engine.close({ deadlineMs: config.SHUTDOWN_DEADLINE_MS });
        for (const part of parts) await part.close?.();
        await pluginSync.close();
        await stores.close();
      })()),
  };
}

function bearerMatches(request: Request, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
