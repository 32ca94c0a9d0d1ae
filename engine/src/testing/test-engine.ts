/**
 * An in-process engine for plugin and pipeline tests: real core plugins, real animals and fact
 * cards, in-memory stores, and the model you give it. No sockets needed.
 *
 * @module
 */
import { AnimalCatalog } from '../content/animal-catalog.ts';
import { loadAnimalContent } from '../content/load-content.ts';
import { createEngine, type Engine, type EngineOptions } from '../create-engine.ts';
import { createKnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { LlmModel } from '../llm/llm-model.ts';
import type { Plugin, Visitor } from '../plugins/plugin-types.ts';
import type { Locale, SendAck } from '../protocol/events.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import { createMemoryConversationStore } from '../session/memory-conversation-store.ts';
import { createMemoryRateLimiter } from '../session/memory-rate-limiter.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createReplyCollector, type CollectedReply } from '../pipeline/reply-collector.ts';
import { createScriptedModel } from './scripted-model.ts';

/** Options of {@link createTestEngine}. */
export interface TestEngineOptions {
  /** @default a scripted model answering "Hello from the zoo!" */
  model?: LlmModel;
  plugins?: Plugin[];
  store?: ConversationStore;
  /** Rate limit burst. @default 1000 (effectively off) */
  rateLimitCapacity?: number;
  engineOptions?: Partial<EngineOptions>;
}

/** One test message. */
export interface TestSendInput {
  text: string;
  /** @default 'bella' */
  animalId?: string;
  /** @default 'v_test' */
  visitorId?: string;
  locale?: Locale;
  clientMessageId?: string;
  /** Called right after the message is accepted (to abort, for example). */
  onAccepted?: (ack: SendAck) => void;
}

/** The engine plus helpers. */
export interface TestEngine {
  engine: Engine;
  store: ConversationStore;
  /** Sends a message and resolves with the collected reply (no events for a duplicate send). */
  send(input: TestSendInput): Promise<{ ack: SendAck; reply: CollectedReply }>;
  close(): Promise<void>;
}

let clientMessageCounter = 0;

/**
 * Creates a test engine.
 *
 * @example
 * ```ts
 * const testEngine = await createTestEngine({ plugins: [myPlugin()] });
 * const { reply } = await testEngine.send({ text: 'What do you eat?' });
 * expect(reply.end?.text).toContain('berries');
 * ```
 */
export async function createTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const content = await loadAnimalContent();
  const store = options.store ?? createMemoryConversationStore();
  const rateLimiter = createMemoryRateLimiter({
    capacity: options.rateLimitCapacity ?? 1000,
    refillPerSecond: 1000,
  });
  const engine = createEngine({
    model: options.model ?? createScriptedModel('Hello from the zoo!'),
    store,
    rateLimiter,
    animals: new AnimalCatalog(content.animals),
    knowledge: createKnowledgeBase(content.cards),
    secret: 'test-secret-with-enough-length',
    logger: createLogger({ level: 'silent' }),
    plugins: options.plugins ?? [],
    ...options.engineOptions,
  });
  const animals = new AnimalCatalog(content.animals);
  return {
    engine,
    store,
    async send(input) {
      const visitor: Visitor = { visitorId: input.visitorId ?? 'v_test', role: 'visitor' };
      const animal = animals.get(input.animalId ?? 'bella');
      if (animal === undefined) throw new Error(`no animal ${input.animalId}`);
      const locale = input.locale ?? 'en';
      const conversation = await store.getOrCreateConversation({
        visitorId: visitor.visitorId,
        animalId: animal.id,
        locale,
      });
      const collector = createReplyCollector();
      const ack = await engine.replies.send({
        visitor,
        conversation,
        animal,
        locale,
        clientMessageId: input.clientMessageId ?? `test-${++clientMessageCounter}`,
        text: input.text,
        extraSink: collector.sink,
      });
      input.onAccepted?.(ack);
      if (ack.duplicate) return { ack, reply: collector.reply };
      return { ack, reply: await collector.finished };
    },
    async close() {
      await engine.close({ deadlineMs: 1_000 });
      await rateLimiter.close();
      if (options.store === undefined) await store.close();
    },
  };
}
