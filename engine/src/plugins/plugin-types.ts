/**
 * The plugin contract: a plugin is a plain object `{ name, version, dependsOn?, setup?, hooks }`
 * made by a factory and wrapped with `definePlugin` for inference. Core behaviour (persona prompt,
 * history, knowledge, safety) uses the same contract under reserved `core:*` names.
 *
 * @module
 */
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

/** Per-message context given to every message hook. */
export interface MessageContext {
  readonly visitor: Visitor;
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
  text: string;
  citations: Citation[];
  suggestions: string[];
  usage: TokenUsage;
  finishReason: FinishReason;
}

/** A client joining or leaving a conversation. */
export interface SessionEvent {
  visitor: Visitor;
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

/** What `setup` receives. */
export interface PluginSetupContext {
  /** Options the deployment configured for this plugin. */
  options: Record<string, unknown>;
  log: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}

/** A plugin. */
export interface Plugin {
  /** Unique; `core:*` names are reserved for the engine. Events and routes use it as prefix. */
  name: string;
  /** Semver of the plugin. */
  version: string;
  /** Names of plugins that must be loaded (and registered) before this one. */
  dependsOn?: string[];
  /** Runs once per load; may return a disposer that runs on unload or reload. */
  setup?: (
    context: PluginSetupContext,
  ) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
  hooks: PluginHooks;
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
