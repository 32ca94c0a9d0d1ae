import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import type { Prompt } from '../llm/llm-model.ts';
import { buildHookTable } from './hook-table.ts';
import { HookRunner } from './hook-runner.ts';
import { PluginMetrics } from './plugin-metrics.ts';
import { definePlugin, type MessageContext, type Plugin } from './plugin-types.ts';

function setup(plugins: Plugin[]) {
  const reported: EngineError[] = [];
  const metrics = new PluginMetrics();
  const runner = new HookRunner(buildHookTable(plugins, { defaultTimeoutMs: 50 }), {
    metrics,
    reportError: (error) => reported.push(error),
  });
  return { runner, reported, metrics };
}

const context = {} as MessageContext;
const message = {
  messageId: 'm',
  clientMessageId: 'c',
  conversationId: 'x',
  text: 'hi',
  createdAt: '',
};
const prompt: Prompt = {
  system: [],
  messages: [],
  facts: [],
  settings: { model: 'm', temperature: 1, maxTokens: 1 },
};
const named = (name: string, hooks: Plugin['hooks']) =>
  definePlugin({ name, version: '1.0.0', hooks });

describe('HookRunner', () => {
  it('reduce: a throwing hook is reported with plugin and hook, and the value carries on', async () => {
    const { runner, reported, metrics } = setup([
      named('first', { transformPrompt: (value) => ({ ...value, system: ['one'] }) }),
      named('broken', {
        transformPrompt: () => {
          throw new Error('boom');
        },
      }),
      named('last', {
        transformPrompt: (value) => ({ ...value, system: [...value.system, 'two'] }),
      }),
    ]);
    const result = await runner.reduce('transformPrompt', prompt, () => context);
    expect(result.system).toEqual(['one', 'two']);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.code).toBe('CMZ_ERR_PLUGIN_HOOK_FAILED');
    expect(reported[0]?.details).toMatchObject({ plugin: 'broken', hook: 'transformPrompt' });
    expect(metrics.snapshot().broken?.transformPrompt).toMatchObject({ calls: 1, errors: 1 });
  });

  it('a hanging hook times out with its budget and the message carries on', async () => {
    const { runner, reported, metrics } = setup([
      named('slow', { transformPrompt: () => new Promise<never>(() => {}) }),
    ]);
    const result = await runner.reduce('transformPrompt', prompt, () => context);
    expect(result).toBe(prompt);
    expect(reported[0]?.code).toBe('CMZ_ERR_PLUGIN_HOOK_TIMEOUT');
    expect(metrics.snapshot().slow?.transformPrompt?.timeouts).toBe(1);
  });

  it('first: returns the first non-null answer and skips failing plugins', async () => {
    const { runner, reported } = setup([
      named('nothing', { resolveIntent: () => null }),
      named('broken', { resolveIntent: () => Promise.reject(new Error('nope')) }),
      named('claims', { resolveIntent: () => ({ text: 'mine' }) }),
      named('later', { resolveIntent: () => ({ text: 'too late' }) }),
    ]);
    expect(await runner.first('resolveIntent', () => [message, context])).toEqual({ text: 'mine' });
    expect(reported.map((error) => error.details?.plugin)).toEqual(['broken']);
    const empty = setup([named('nothing', { resolveIntent: () => undefined })]);
    expect(await empty.runner.first('resolveIntent', () => [message, context])).toBeNull();
  });

  it('inspectMessage: a coded rejection passes through untouched and is not reported', async () => {
    const { runner, reported } = setup([
      named('moderator', {
        inspectMessage: () => {
          throw new EngineError('CMZ_ERR_SAFETY_INPUT_BLOCKED');
        },
      }),
    ]);
    await expect(
      runner.sequentialRejecting('inspectMessage', () => [message, context]),
    ).rejects.toMatchObject({
      code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED',
    });
    expect(reported).toEqual([]);
  });

  it('inspectMessage fails closed on an uncoded throw or a timeout', async () => {
    const crashing = setup([
      named('crash', { inspectMessage: () => Promise.reject(new TypeError('bug')) }),
    ]);
    await expect(
      crashing.runner.sequentialRejecting('inspectMessage', () => [message, context]),
    ).rejects.toMatchObject({
      code: 'CMZ_ERR_PLUGIN_HOOK_FAILED',
    });
    const hanging = setup([named('hang', { inspectMessage: () => new Promise<void>(() => {}) })]);
    await expect(
      hanging.runner.sequentialRejecting('inspectMessage', () => [message, context]),
    ).rejects.toMatchObject({
      code: 'CMZ_ERR_PLUGIN_HOOK_TIMEOUT',
    });
  });

  it('reduceChunk: transforms, drops with null, and isolates throwing or async hooks', () => {
    const { runner, reported } = setup([
      named('upper', { transformChunk: (chunk) => ({ ...chunk, text: chunk.text.toUpperCase() }) }),
      named('broken', {
        transformChunk: () => {
          throw new Error('bad');
        },
      }),
      named('async', { transformChunk: (() => Promise.resolve(null)) as never }),
      named('keep', { transformChunk: () => undefined }),
    ]);
    expect(runner.reduceChunk({ type: 'text-delta', text: 'hi ' }, () => context)).toEqual({
      type: 'text-delta',
      text: 'HI ',
    });
    expect(reported.map((error) => error.details?.plugin)).toEqual(['broken', 'async']);
    const dropping = setup([named('drop', { transformChunk: () => null })]);
    expect(
      dropping.runner.reduceChunk({ type: 'text-delta', text: 'x' }, () => context),
    ).toBeNull();
  });

  it('parallel: runs every notification even when one fails', async () => {
    const seen: string[] = [];
    const { runner, reported } = setup([
      named('a', { onLeave: () => void seen.push('a') }),
      named('b', { onLeave: () => Promise.reject(new Error('x')) }),
      named('c', { onLeave: async () => void seen.push('c') }),
    ]);
    await runner.parallel('onLeave', () => [{} as never, 'transport close']);
    expect(seen.sort()).toEqual(['a', 'c']);
    expect(reported).toHaveLength(1);
    expect(runner.table.plugins).toHaveLength(3);
  });
});
