import {
  createLogger,
  LogRingBuffer,
  type CompletedReply,
  type HookFunctions,
  type MessageContext,
} from '@cmz/engine';
import { describe, expect, it } from 'vitest';
import type { UsageEvent, UsageRepository } from '../persistence/usage-repository.ts';
import { analyticsPlugin } from './analytics-plugin.ts';
import { createMemoryCounterStore } from './counter-store.ts';
import { defaultPriceTable } from './model-prices.ts';
import { createPerformanceMetrics } from './performance-metrics.ts';
import { createSafetyMetrics } from './safety-metrics.ts';

function setup(options: { provider?: string; failUsage?: boolean } = {}) {
  const buffer = new LogRingBuffer(50);
  const logger = createLogger({ level: 'silent', buffer });
  const window = { bucketMs: 60_000, retentionMs: 3_600_000 };
  const performance = createPerformanceMetrics({
    store: createMemoryCounterStore(window),
    logger,
    scope: 'node',
  });
  const safety = createSafetyMetrics({ store: createMemoryCounterStore(window), logger });
  const recorded: UsageEvent[] = [];
  const usage: UsageRepository = {
    record: (event) =>
      options.failUsage
        ? Promise.reject(new Error('dynamo down'))
        : (recorded.push(event), Promise.resolve()),
    listMonth: () => Promise.resolve([]),
  };
  const plugin = analyticsPlugin({
    performance,
    safety,
    usage,
    prices: defaultPriceTable,
    model: () => ({ provider: options.provider ?? 'openai' }),
    logger,
  });
  const hooks = plugin.hooks as {
    inspectMessage: HookFunctions['inspectMessage'];
    transformChunk: HookFunctions['transformChunk'];
    onReplyEnd: HookFunctions['onReplyEnd'];
  };
  return { hooks, performance, safety, recorded, buffer };
}

function context(model: string): MessageContext {
  return {
    visitor: { visitorId: 'v_1', role: 'visitor' },
    roomType: 'private',
    conversation: { id: 'c_1' } as MessageContext['conversation'],
    animal: { id: 'leo', name: 'Leo', model: { model } } as MessageContext['animal'],
    locale: 'en',
    replyId: 'r_1',
    signal: new AbortController().signal,
    state: new Map(),
  };
}

const message = {
  messageId: 'm_1',
  clientMessageId: 'c',
  conversationId: 'c_1',
  text: 'What do you eat?',
  createdAt: new Date().toISOString(),
};

function reply(text: string, overrides: Partial<CompletedReply> = {}): CompletedReply {
  return {
    replyId: 'r_1',
    messageId: 'm_1',
    question: message.text,
    text,
    citations: [],
    suggestions: [],
    usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
    finishReason: 'stop',
    ...overrides,
  };
}

describe('the analytics plugin', () => {
  it('prices a model reply, records its usage and its time to first token', async () => {
    const { hooks, performance, recorded } = setup();
    const ctx = context('gpt-4o-mini');
    await hooks.inspectMessage(message, ctx);
    hooks.transformChunk({ type: 'text-delta', text: 'Meat ' }, ctx);
    hooks.transformChunk({ type: 'text-delta', text: 'mostly.' }, ctx);
    await hooks.onReplyEnd(reply('Meat mostly.'), ctx);
    expect(recorded).toEqual([
      expect.objectContaining({
        animalId: 'leo',
        service: 'openai:gpt-4o-mini',
        costMicroUsd: 450,
        estimated: false,
      }),
    ]);
    const metrics = await performance.summarize(
      new Date(Date.now() - 60_000),
      new Date(Date.now() + 60_000),
    );
    expect(metrics.totals).toMatchObject({
      tokensPrompt: 1000,
      tokensCompletion: 500,
      costUsd: 0.00045,
    });
    expect(metrics.latency.timeToFirstToken.count).toBe(1);
  });

  it('counts output the safety filter masked', async () => {
    const { hooks, safety } = setup();
    const ctx = context('gpt-4o-mini');
    await hooks.inspectMessage(message, ctx);
    hooks.transformChunk({ type: 'text-delta', text: 'fuck ' }, ctx);
    await hooks.onReplyEnd(reply('**** '), ctx);
    expect((await safety.summarize('1h')).breakdown.outputFiltered).toBe(1);
  });

  it('warns once about a model without a price and survives a failing usage store', async () => {
    const { hooks, buffer } = setup({ failUsage: true });
    for (const attempt of [1, 2]) {
      const ctx = context('mystery-model');
      await hooks.inspectMessage({ ...message, messageId: `m_${attempt}` }, ctx);
      await hooks.onReplyEnd(reply('Hi.'), ctx);
    }
    const messages = buffer.records().map((record) => record.msg);
    expect(messages.filter((text) => String(text).startsWith('no price'))).toHaveLength(1);
    expect(messages.filter((text) => text === 'usage record not written')).toHaveLength(2);
  });
});
