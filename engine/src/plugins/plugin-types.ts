/**
 * The plugin contract: a plugin is a plain object `{ name, version, dependsOn?, setup?, hooks }`
 * made by a factory and wrapped with `definePlugin` for inference. Core behaviour (persona prompt,
 * history, knowledge, safety) uses the same contract under reserved `core:*` names.
 *
 * @module
 */
import type { Router } from 'express';
import type { z } from 'zod';
import type { AnimalPersona } from '../content/animal-types.ts';
import type { Prompt } from '../llm/llm-model.ts';
import type { Citation, FinishReason, Locale, TokenUsage } from '../protocol/events.ts';
import type { ConversationRecord } from '../session/conversation-store.ts';

/** Who is talking. `visitorId` is opaque; never log it unhashed. */
export interface Visitor {
  visitorId: string;
  role: 'visitor' | 'student' | 'parent' | 'educator' | 'zookeeper' | 'admin';
}

/** A visitor's message entering the pipeline. */
export interface InboundMessage {
  messageId: string;
  clientMessageId: string;
  conversationId: string;
  text: string;
  createdAt: string;
}

/** Where a conversation happens: a visitor alone, a school session, a live room, a tour group. */
export type RoomType = 'private' | 'school' | 'live' | 'tour';

/** Per-message context given to every message hook. */
export interface MessageContext {
  readonly visitor: Visitor;
  readonly roomType: RoomType;
  readonly conversation: ConversationRecord;
  readonly animal: AnimalPersona;
  readonly locale: Locale;
  readonly replyId: string;
  /** Fires when the reply is stopped; long-running hooks should honour it. */
  readonly signal: AbortSignal;
  /**
   * Scratch space for one message, shared by the hooks of one plugin (keys are namespaced per
   * plugin by the pipeline, so plugins cannot read each other's entries).
   */
  readonly state: Map<string, unknown>;
}

/** A reply a plugin produces itself in `resolveIntent`, skipping the model. */
export interface IntentReply {
  text: string;
  citations?: Citation[];
  suggestions?: string[];
}

/** One streamed piece of a reply, as `transformChunk` sees it (whole words, never half a word). */
export interface ReplyChunk {
  type: 'text-delta';
  text: string;
}

/** A finished reply, as `onReplyEnd` sees it. */
export interface CompletedReply {
  replyId: string;
  messageId: string;
  /** The visitor's message this reply answers (personal details already redacted). */
  question: string;
  text: string;
  citations: Citation[];
  suggestions: string[];
  usage: TokenUsage;
  finishReason: FinishReason;
}

/** A client joining or leaving a conversation. */
export interface SessionEvent {
  visitor: Visitor;
  roomType: RoomType;
  conversation: ConversationRecord;
  animal: AnimalPersona;
  locale: Locale;
  socketId: string;
}

/** Hook functions, by name. */
export interface HookFunctions {
  onJoin: (session: SessionEvent) => void | Promise<void>;
  inspectMessage: (message: InboundMessage, context: MessageContext) => void | Promise<void>;
  resolveIntent: (
    message: InboundMessage,
    context: MessageContext,
  ) => IntentReply | null | undefined | Promise<IntentReply | null | undefined>;
  transformPrompt: (
    prompt: Prompt,
    context: MessageContext,
  ) => Prompt | void | Promise<Prompt | void>;
  transformChunk: (chunk: ReplyChunk, context: MessageContext) => ReplyChunk | null | void;
  onReplyEnd: (reply: CompletedReply, context: MessageContext) => void | Promise<void>;
  onLeave: (session: SessionEvent, reason: string) => void | Promise<void>;
}

export type HookName = keyof HookFunctions;

/** The hook names in pipeline order. */
export const hookNames = [
  'onJoin',
  'inspectMessage',
  'resolveIntent',
  'transformPrompt',
  'transformChunk',
  'onReplyEnd',
  'onLeave',
] as const satisfies readonly HookName[];

/** A hook is a function, or an object that also says when it runs. */
export type Hook<N extends HookName> =
  | HookFunctions[N]
  | {
      handler: HookFunctions[N];
      /** `pre` runs before plugins without an order, `post` after them. */
      order?: 'pre' | 'post';
      /** Time budget in ms for this hook (async hooks only). */
      timeoutMs?: number;
    };

export type PluginHooks = { [N in HookName]?: Hook<N> };

/**
 * A plugin's own state, namespaced under its name (`cmz:plugin:<name>:<key>` in Redis), so it is
 * shared by every node and survives reloads and restarts. Values are JSON.
 */
export interface PluginStateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Sends a plugin event (`<plugin>:<event>`) to every socket in a conversation. */
export type ConversationEmitter = (conversationId: string, event: string, payload: unknown) => void;

/** What `setup` receives. */
export interface PluginSetupContext {
  /** Options the deployment configured for this plugin. */
  options: Record<string, unknown>;
  log: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
  state: PluginStateStore;
  /** Emits one of this plugin's events to a conversation's room (any node's sockets). */
  emitToConversation: ConversationEmitter;
  /** The running engine's version (semver). */
  engineVersion: string;
}

/** What a plugin's client-event handler receives besides the validated payload. */
export interface PluginEventContext {
  visitor: Visitor;
  socketId: string;
  /** A conversation this socket has joined, or undefined (a socket may only act on those). */
  joined(
    conversationId: string,
  ): { conversation: ConversationRecord; animal: AnimalPersona; locale: Locale } | undefined;
  state: PluginStateStore;
  emitToConversation: ConversationEmitter;
}

/**
 * One namespaced client event a plugin owns. The key in `Plugin.events` is the part after the
 * colon: `events: { answer: ... }` in plugin `quiz` handles `quiz:answer`. The payload is validated
 * with `schema`; the handler's return value is the acknowledgement's data.
 */
export interface PluginEventDefinition<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  // Method syntax on purpose: it lets a handler typed for one schema be stored in the plugin's
  // `events` record (parameter bivariance); the engine validates with `schema` before calling it.
  handler(payload: z.output<Schema>, context: PluginEventContext): unknown;
}

/** What a plugin's REST routes receive. */
export interface PluginRouteContext {
  state: PluginStateStore;
  options: Record<string, unknown>;
}

/** What the web app mounts when the plugin is enabled (module paths inside the plugin package). */
export interface PluginWebEntry {
  /** Shown in navigation and panels. */
  title: string;
  /** A component shown beside a conversation (e.g. `@cmz/plugin-quiz/web/quiz-panel.svelte`). */
  component?: string;
  /** A page of its own, mounted at `/plugins/<name>`. */
  page?: string;
}

/** A plugin. */
export interface Plugin {
  /** Unique; `core:*` names are reserved for the engine. Events and routes use it as prefix. */
  name: string;
  /** Semver of the plugin. */
  version: string;
  /** Names of plugins that must be loaded (and registered) before this one. */
  dependsOn?: string[];
  /** Engine versions this plugin works with (a semver range such as `^0.1.0`). */
  engine?: string;
  /** Runs once per load; may return a disposer that runs on unload or reload. */
  setup?: (
    context: PluginSetupContext,
  ) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
  hooks: PluginHooks;
  /** Client events owned by the plugin, keyed by the name after `<plugin>:`. */
  events?: Record<string, PluginEventDefinition<z.ZodType>>;
  /** REST routes, mounted at `/api/plugins/<name>/`. */
  routes?: (router: Router, context: PluginRouteContext) => void;
  /** UI the web app mounts when the plugin is enabled. */
  web?: PluginWebEntry;
  /** Called on the outgoing version during a reload; its result goes to the new version's `migrate`. */
  exportState?: () => unknown;
  /** Called on the incoming version during a reload, after `setup`. */
  migrate?: (previousState: unknown, previous: { version: string }) => void | Promise<void>;
}

/**
 * Identity helper that gives a plugin object full type inference.
 *
 * @example
 * ```ts
 * export const shout = () => definePlugin({
 *   name: 'shout',
 *   version: '1.0.0',
 *   hooks: { transformChunk: (chunk) => ({ ...chunk, text: chunk.text.toUpperCase() }) },
 * });
 * ```
 */
export function definePlugin<P extends Plugin>(plugin: P): P {
  return plugin;
}

/**
 * Identity helper for one plugin event: infers the handler's payload type from its schema.
 *
 * @example
 * ```ts
 * events: {
 *   answer: definePluginEvent(z.object({ questionId: z.string(), choice: z.number() }), (payload) => ({ correct: payload.choice === 2 })),
 * }
 * ```
 */
export function definePluginEvent<Schema extends z.ZodType>(
  schema: Schema,
  handler: (payload: z.output<Schema>, context: PluginEventContext) => unknown,
): PluginEventDefinition<Schema> {
  return { schema, handler };
}
