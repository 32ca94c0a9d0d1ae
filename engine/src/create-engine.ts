/**
 * Wires the engine: hook table (core plugins first), reply runner, conversation handlers and the
 * Socket.IO server. One engine per process; several processes share state through the stores and
 * the Socket.IO adapter.
 *
 * @module
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { AnimalCatalog } from './content/animal-catalog.ts';
import { createCorePlugins } from './core-plugins/core-plugins.ts';
import { outputSafetyPlugin } from './core-plugins/safety-plugin.ts';
import type { KnowledgeBase } from './knowledge/knowledge-base.ts';
import type { LlmModel } from './llm/llm-model.ts';
import { ReplyRunner } from './pipeline/reply-runner.ts';
import { allocateNodeId } from './cluster/node-identity.ts';
import type { ReplyJournal } from './session/reply-journal.ts';
import type { ReplySink } from './pipeline/reply-sink.ts';
import { buildHookTable, type HookBudgets, type HookTable } from './plugins/hook-table.ts';
import { HookRunner } from './plugins/hook-runner.ts';
import { PluginMetrics } from './plugins/plugin-metrics.ts';
import type { Plugin } from './plugins/plugin-types.ts';
import { PluginHost } from './plugins/plugin-host.ts';
import type { PluginScope } from './plugins/hook-table.ts';
import { createMemoryPluginState, type PluginStateFactory } from './plugins/plugin-state.ts';
import { engineVersion } from './engine-version.ts';
import { conversationRoom } from './transport/socket-types.ts';
import type { ConversationStore } from './session/conversation-store.ts';
import { createMemoryShareStore } from './session/memory-share-store.ts';
import type { ShareStore } from './session/share-store.ts';
import type { RateLimiter } from './session/rate-limiter.ts';
import { createLogger, type Logger } from './telemetry/logger.ts';
import { createRooms, type RoomOptions, type Rooms } from './rooms/create-rooms.ts';
import { createConversationHandlers } from './transport/conversation-handlers.ts';
import { GuestIdentities } from './transport/guest-identity.ts';
import { createHandshakeMiddleware, type TokenAuthenticator } from './transport/handshake.ts';
import { attachConversationEvents, createRoomSink } from './transport/socket-transport.ts';
import type { EngineServer } from './transport/socket-types.ts';

/** Everything the engine is built from. */
export interface EngineOptions {
  /** The model, or a function returning the current one (configuration may change it). */
  model: LlmModel | (() => LlmModel);
  store: ConversationStore;
  /** Share links. @default in-memory (closed by `close()`; a store passed in is the caller's) */
  shares?: ShareStore;
  rateLimiter: RateLimiter;
  animals: AnimalCatalog;
  knowledge: KnowledgeBase;
  /** Signs guest identities; at least 16 characters. */
  secret: string;
  /** Plugins after the core ones, in registration order. */
  plugins?: Plugin[];
  logger?: Logger;
  /** @default 500 */
  maxMessageLength?: number;
  /** Earlier messages in the prompt. @default 10 */
  historyTurns?: number;
  hookBudgets?: Partial<HookBudgets>;
  /** Resolves bearer tokens of signed-in users (the REST layer provides it). */
  authenticateToken?: TokenAuthenticator;
  /** Extra Socket.IO server options (adapter, CORS...). */
  socketOptions?: Partial<ServerOptions>;
  /** Plugin state backend. @default in-memory */
  pluginState?: PluginStateFactory;
  /** Where configured plugins are found and snapshotted. @default the working directory */
  pluginLoader?: { baseDirectory: string; snapshotRoot: string };
  /** Distinct plugin code versions before the node recommends recycling. @default 100 */
  pluginReloadBudget?: number;
  /** Where replies are journaled (resume, cross-node abort, failover). @default in-memory */
  journal?: ReplyJournal;
  /** This node's id. @default `allocateNodeId()` (the process's `nodeId` for its first engine) */
  nodeId?: string;
  /** Shared rooms (school sessions, live rooms): store, limits. @default in-memory, one node */
  rooms?: RoomOptions;
}

/** A running engine. */
export interface Engine {
  /** This node's id: owner of the replies it generates (see `cluster/node-identity.ts`). */
  readonly nodeId: string;
  readonly replies: ReplyRunner;
  readonly metrics: PluginMetrics;
  readonly logger: Logger;
  /** The share links store (`GET /engine/shares/:shareId` reads it). */
  readonly shares: ShareStore;
  /** Shared rooms (`docs/rooms.md`). */
  readonly rooms: Rooms;
  /** The current (frozen) hook table. */
  hookTable(): HookTable;
  /** Replaces the programmatic plugins: builds and swaps a new table; replies in flight keep theirs. */
  setPlugins(plugins: Plugin[]): void;
  /** The configured plugins: load, unload, reload at run time. */
  readonly plugins: PluginHost;
  /** Sets how bearer tokens of signed-in users are resolved (before `attach`). */
  setTokenAuthenticator(authenticate: TokenAuthenticator): void;
  /**
   * Starts serving Socket.IO on an HTTP server; without one, the caller attaches the returned
   * server elsewhere (uWebSockets.js: `io.attachApp(app)`).
   */
  attach(httpServer?: HttpServer): EngineServer;
  /** The Socket.IO server, once attached. */
  readonly io: EngineServer | undefined;
  /** Stops accepting events and waits for replies in flight (up to `deadlineMs`). */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * Creates an engine.
 *
 * @example
 * ```ts
 * const engine = createEngine({ model, store, rateLimiter, animals, knowledge, secret });
 * engine.attach(httpServer);
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const logger = options.logger ?? createLogger();
  const metrics = new PluginMetrics();
  const corePlugins = createCorePlugins({
    store: options.store,
    knowledge: options.knowledge,
    historyTurns: options.historyTurns,
  });
  let staticPlugins = options.plugins ?? [];
  let hostedPlugins: Plugin[] = [];
  let hostedScopes: ReadonlyMap<string, PluginScope> = new Map();
  // Output moderation is registered after every plugin so it sees exactly what clients will see.
  const lastPlugins = [outputSafetyPlugin()];
  let table = buildHookTable(
    [...corePlugins, ...staticPlugins, ...lastPlugins],
    options.hookBudgets,
  );
  const rebuild = () => {
    const previous = table;
    table = buildHookTable(
      [...corePlugins, ...staticPlugins, ...hostedPlugins, ...lastPlugins],
      options.hookBudgets,
      hostedScopes,
    );
    return previous;
  };
  const reportHookError = (error: {
    code: string;
    details?: Record<string, unknown> | undefined;
  }) => logger.warn({ code: error.code, ...error.details }, 'plugin hook failed');
  const currentModel =
    typeof options.model === 'function' ? options.model : () => options.model as LlmModel;
  let io: EngineServer | undefined;
  let authenticateToken = options.authenticateToken;
  const replies = new ReplyRunner({
    store: options.store,
    rateLimiter: options.rateLimiter,
    model: currentModel,
    hookTable: () => table,
    metrics,
    reportHookError,
    // Without a Socket.IO server (REST-only or tests), only per-reply sinks receive events.
    sinkFor: (conversationId) =>
      io === undefined ? silentSink : createRoomSink(io, conversationId),
    logger,
    maxMessageLength: options.maxMessageLength ?? 500,
    ...(options.journal ? { journal: options.journal } : {}),
    nodeId: options.nodeId ?? allocateNodeId(),
  });
  const shares = options.shares ?? createMemoryShareStore();
  const handlers = createConversationHandlers({
    store: options.store,
    shares,
    animals: options.animals,
    replies,
    hooks: (target) => new HookRunner(table, { metrics, reportError: reportHookError, target }),
  });
  const rooms = createRooms(options.rooms ?? {}, {
    conversations: options.store,
    animals: options.animals,
    replies,
    secret: options.secret,
    nodeId: replies.nodeId,
    logger,
    io: () => io,
    maxMessageLength: options.maxMessageLength ?? 500,
  });
  const plugins = new PluginHost({
    engineVersion,
    loader: options.pluginLoader ?? {
      baseDirectory: process.cwd(),
      snapshotRoot: `${process.cwd()}/.plugin-versions`,
    },
    stateFor: options.pluginState ?? createMemoryPluginState(),
    emitToConversation: (conversationId, event, payload) => {
      (
        io?.to(conversationRoom(conversationId)).emit as
          ((...values: unknown[]) => void) | undefined
      )?.(event, payload);
    },
    apply: (active, scopes) => {
      hostedPlugins = active;
      hostedScopes = scopes;
      return rebuild();
    },
    waitForTable: (captured, timeoutMs) => replies.active.settledFor(captured, timeoutMs),
    logger,
    ...(options.pluginReloadBudget === undefined
      ? {}
      : { reloadBudget: options.pluginReloadBudget }),
  });
  return {
    nodeId: replies.nodeId,
    replies,
    metrics,
    logger,
    plugins,
    shares,
    rooms,
    hookTable: () => table,
    setTokenAuthenticator(authenticate) {
      authenticateToken = authenticate;
    },
    setPlugins(next) {
      staticPlugins = next;
      rebuild();
    },
    get io() {
      return io;
    },
    attach(httpServer) {
      io = new Server(httpServer as HttpServer, {
        transports: ['websocket', 'polling'],
        maxHttpBufferSize: 1_000_000,
        ...options.socketOptions,
      }) as EngineServer;
      io.use(
        createHandshakeMiddleware({
          guests: new GuestIdentities(options.secret),
          authenticateToken: (token) =>
            authenticateToken ? authenticateToken(token) : Promise.resolve(null),
        }),
      );
      attachConversationEvents(io, handlers, logger, plugins, rooms.events);
      return io;
    },
    async close(closeOptions = {}) {
      const deadline = new Promise<void>((resolve) =>
        setTimeout(resolve, closeOptions.deadlineMs ?? 10_000).unref(),
      );
      await Promise.race([replies.drain(), deadline]);
      await Promise.race([rooms.close(), deadline]);
      if (io !== undefined) await io.close();
      await plugins.close();
      if (options.shares === undefined) await shares.close();
    },
  };
}

const silentSink: ReplySink = { messageNew() {}, start() {}, delta() {}, end() {}, error() {} };
