/**
 * `@cmz/engine`: the streaming conversation engine's public API.
 *
 * @module
 */
export { createEngine } from './create-engine.ts';
export type { Engine, EngineOptions } from './create-engine.ts';
export { startServer } from './server/start-server.ts';
export type {
  RunningServer,
  StartServerOptions,
  ServerExtension,
  ServerExtensionContext,
  ServerExtensionParts,
} from './server/start-server.ts';
export type { EngineConfig } from './config/load-config.ts';
export type { Stores } from './server/build-stores.ts';
export type { ReadinessCheck } from './server/http-routes.ts';
export { createLogger, hashIdentifier, logBufferOf, logOperation } from './telemetry/logger.ts';
export { LogRingBuffer } from './telemetry/log-ring-buffer.ts';
export type { LogRecord, LogLineListener } from './telemetry/log-ring-buffer.ts';
export { moderateText } from './safety/moderate-text.ts';
export { isAskingIfAi } from './safety/ai-disclosure.ts';
export { createKeywordFilter, createOutputFilter, findKeywords } from './safety/output-filter.ts';
export { personaSections, zooRulesSection } from './core-plugins/persona-plugin.ts';
export { renderSystemMessage } from './llm/openai-mapping.ts';
export type { Logger } from './telemetry/logger.ts';
export { AnimalCatalog, toAnimalSummary } from './content/animal-catalog.ts';
export { createReplyCollector } from './pipeline/reply-collector.ts';
export type { CollectedReply } from './pipeline/reply-collector.ts';
export type { TokenAuthenticator } from './transport/handshake.ts';
export { resolveEngineSecret } from './config/engine-secret.ts';
export { newId } from './pipeline/ids.ts';
export type { RateLimiter, RateLimitDecision } from './session/rate-limiter.ts';
export { createMemoryRateLimiter } from './session/memory-rate-limiter.ts';
export { createRedisRateLimiter } from './session/redis-rate-limiter.ts';
export { loadAnimalContent } from './content/load-content.ts';
export { definePlugin, definePluginEvent, hookNames } from './plugins/plugin-types.ts';
export type {
  CompletedReply,
  Hook,
  HookFunctions,
  HookName,
  InboundMessage,
  IntentReply,
  MessageContext,
  Plugin,
  PluginHooks,
  PluginSetupContext,
  PluginEventContext,
  PluginEventDefinition,
  PluginRouteContext,
  PluginStateStore,
  PluginWebEntry,
  ConversationEmitter,
  RoomType,
  ReplyChunk,
  SessionEvent,
  Visitor,
} from './plugins/plugin-types.ts';
export { buildHookTable } from './plugins/hook-table.ts';
export type { HookTable, HookBudgets, PluginScope } from './plugins/hook-table.ts';
export { PluginHost } from './plugins/plugin-host.ts';
export type { PluginStatus } from './plugins/plugin-host.ts';
export { parsePluginConfig, readPluginConfig } from './plugins/plugin-config.ts';
export type { PluginConfig, PluginEntry } from './plugins/plugin-config.ts';
export { engineVersion } from './engine-version.ts';
export { EngineError, toPublicError } from './errors/engine-error.ts';
export type { EngineErrorOptions, PublicError } from './errors/engine-error.ts';
export { errorCatalog } from './errors/error-catalog.ts';
export type { ErrorCode, ErrorDefinition } from './errors/error-catalog.ts';
export type { LlmModel, LlmCall, LlmMessage, LlmStreamPart, Prompt } from './llm/llm-model.ts';
export type {
  AnimalGuardrail,
  AnimalPersona,
  FactCard,
  AnimalModelSettings,
  GuardrailCategory,
  GuardrailType,
} from './content/animal-types.ts';
export type { KnowledgeBase } from './knowledge/knowledge-base.ts';
export type { ConversationStore, ConversationRecord } from './session/conversation-store.ts';
export type { ShareStore } from './session/share-store.ts';
export { createRedisKeys } from './session/redis-keys.ts';
export type { RedisKeys } from './session/redis-keys.ts';
export { containsPersonalInfo, redactPersonalInfo } from './safety/pii-redaction.ts';
export type { PiiKind, RedactionResult } from './safety/pii-redaction.ts';
export { combineSinks } from './pipeline/reply-sink.ts';
export type { ReplySink } from './pipeline/reply-sink.ts';
export type {
  Citation,
  ConversationMessage,
  Locale,
  ReplyDeltaEvent,
  ReplyEndEvent,
  ReplyErrorEvent,
  SendAck,
  TokenUsage,
} from './protocol/events.ts';
export { PROTOCOL_VERSION } from './protocol/events.ts';
export { conversationRoom, visitorRoom } from './transport/socket-types.ts';
