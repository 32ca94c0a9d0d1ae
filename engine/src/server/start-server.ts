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
import { startEngineCluster } from '../cluster/engine-cluster.ts';
import { attachRoomOperations, type RoomOperations } from '../transport/room-fanout-wiring.ts';
import { DrainGate, drainNode } from './drain.ts';
import { loadUwsModule, startUwsTransport, type UwsTransport } from './uws-transport.ts';

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
  /** Where Socket.IO clients connect: `url`, or the uWebSockets.js port with `SOCKET_SERVER=uws`. */
  socketUrl: string;
  config: EngineConfig;
  engine: Engine;
  stores: Stores;
  animals: AnimalCatalog;
  /** Runs plugin actions on this node and every other. */
  pluginSync: PluginSync;
  httpServer: HttpServer;
  /** Presence, coalescing and slow consumers of this node's Socket.IO server. */
  rooms: RoomOperations;
  /** Draining state (graceful shutdown). */
  drain: DrainGate;
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
  // First, so a platform that cannot run uWebSockets.js fails before anything was opened.
  const uws = config.SOCKET_SERVER === 'uws' ? await loadUwsModule(config.UWS_MODULE) : undefined;
  const drain = new DrainGate();
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
    socketOptions: {
      ...stores.socketOptions,
      // WebSocket only by default: no long-polling, so no sticky sessions at the load balancer.
      transports: config.SOCKET_TRANSPORTS,
      allowRequest: drain.allowRequest,
    },
    pluginState: stores.pluginState,
    journal: stores.journal,
    pluginLoader: {
      baseDirectory: dirname(pluginConfigFile),
      snapshotRoot: resolve(
        config.PLUGIN_SNAPSHOT_DIR ?? join(dirname(pluginConfigFile), '.plugin-versions'),
      ),
    },
    pluginReloadBudget: config.PLUGIN_RELOAD_BUDGET,
    rooms: {
      store: stores.rooms,
      questionLimiter: stores.roomQuestionLimiter,
      schoolMaxMembers: config.ROOM_SCHOOL_MAX_MEMBERS,
      countExactUpTo: config.ROOM_COUNT_EXACT_UP_TO,
    },
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
    ...(stores.redis
      ? [{ name: 'redis', check: async () => void (await stores.redis?.publisher.ping()) }]
      : []),
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
    drain,
  });
  const httpServer = createServer(app);
  const io = engine.attach(uws ? undefined : httpServer);
  const rooms = attachRoomOperations(io, {
    nodeId: engine.nodeId,
    ...(stores.redis ? { redis: stores.redis.publisher } : {}),
    coalesceThreshold: config.COALESCE_ROOM_THRESHOLD,
    coalesceWindowMs: config.COALESCE_WINDOW_MS,
    bufferCapBytes: config.SOCKET_BUFFER_CAP_BYTES,
    snapshotFor: (conversationId) => engine.replies.active.snapshotFor(conversationId),
    remoteSnapshotFor: async (conversationId) => {
      const reply = await engine.replies.journal.activeReply(conversationId);
      if (reply === null) return undefined;
      const text = reply.snapshotText + reply.deltas.map((delta) => delta.text).join('');
      return { replyId: reply.replyId, text, seq: reply.seq };
    },
    logger,
  });
  // Heartbeat, failover sweep and abort channel (with Redis), before the first client arrives.
  const cluster = await startEngineCluster({
    engine,
    ...(stores.redis && stores.clusterSubscriber
      ? { redis: { publisher: stores.redis.publisher, subscriber: stores.clusterSubscriber } }
      : {}),
    heartbeatMs: config.NODE_HEARTBEAT_MS,
    nodeTtlMs: config.NODE_TTL_MS,
    logger,
  });
  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  let uwsTransport: UwsTransport | undefined;
  if (uws) {
    uwsTransport = await startUwsTransport(io, uws, {
      host: config.HOST,
      port: config.UWS_PORT !== 0 || config.PORT === 0 ? config.UWS_PORT : config.PORT + 1,
    });
  }
  for (const part of parts) await part.started?.({ port });
  const stopWatching = config.PLUGINS_WATCH
    ? watchPluginDirectories(engine.plugins.directories(), (name) => {
        pluginSync.run({ action: 'reload', name }).catch(() => undefined);
      })
    : () => {};
  logger.info(
    {
      port,
      nodeId: engine.nodeId,
      stores: stores.kind,
      adapter: stores.adapterKind,
      model: model.provider,
    },
    'cmz engine listening',
  );
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    socketUrl: `http://127.0.0.1:${uwsTransport?.port ?? port}`,
    config,
    engine,
    stores,
    animals,
    pluginSync,
    httpServer,
    rooms,
    drain,
    close: () =>
      (closing ??= (async () => {
        stopWatching();
        await drainNode({
          engine,
          gate: drain,
          fanout: rooms.fanout,
          deadlineMs: config.SHUTDOWN_DEADLINE_MS,
          reconnectSpreadMs: config.DRAIN_RECONNECT_SPREAD_MS,
          logger,
        });
        await rooms.close();
        // Replies are done (or were stopped): closing disconnects every socket right away.
        await engine.close({ deadlineMs: 0 });
        await cluster.stop();
        if (uwsTransport) {
          uwsTransport.close();
          // io.close() only closes the HTTP server it was attached to, which uws mode has not.
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        }
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
