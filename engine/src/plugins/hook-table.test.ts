import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { buildHookTable } from './hook-table.ts';
import { definePlugin, type Plugin } from './plugin-types.ts';

const noop = () => undefined;
const plugin = (name: string, hooks: Plugin['hooks'] = {}, extra: Partial<Plugin> = {}): Plugin =>
  definePlugin({ name, version: '1.0.0', hooks, ...extra });

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return EngineError.isInstance(error) ? error.code : 'not-coded';
  }
  return undefined;
}

describe('buildHookTable', () => {
  it('sorts each hook pre, registration order, post', () => {
    const table = buildHookTable([
      plugin('a', { transformPrompt: noop }),
      plugin('b', { transformPrompt: { order: 'post', handler: noop } }),
      plugin('c', { transformPrompt: { order: 'pre', handler: noop } }),
      plugin('d', { transformPrompt: noop, onReplyEnd: noop }),
    ]);
    expect(table.hooks.transformPrompt.map((entry) => entry.pluginName)).toEqual([
      'c',
      'a',
      'd',
      'b',
    ]);
    expect(table.hooks.onReplyEnd.map((entry) => entry.pluginName)).toEqual(['d']);
    expect(table.hooks.inspectMessage).toEqual([]);
  });

  it('is frozen so a live table can never be mutated', () => {
    const table = buildHookTable([plugin('a', { transformPrompt: noop })]);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.hooks.transformPrompt)).toBe(true);
    expect(() => (table.hooks.transformPrompt as unknown[]).push(1)).toThrow();
  });

  it('applies default and per-hook time budgets', () => {
    const table = buildHookTable(
      [
        plugin('a', {
          onReplyEnd: noop,
          transformPrompt: { handler: noop, timeoutMs: 50 },
          inspectMessage: noop,
        }),
      ],
      { defaultTimeoutMs: 300, onReplyEndTimeoutMs: 900 },
    );
    expect(table.hooks.transformPrompt[0]?.timeoutMs).toBe(50);
    expect(table.hooks.inspectMessage[0]?.timeoutMs).toBe(300);
    expect(table.hooks.onReplyEnd[0]?.timeoutMs).toBe(900);
  });

  it('rejects invalid plugins with coded errors', () => {
    expect(codeOf(() => buildHookTable([plugin('a'), plugin('a')]))).toBe(
      'CMZ_ERR_PLUGIN_DUPLICATE',
    );
    expect(codeOf(() => buildHookTable([plugin('b', {}, { dependsOn: ['a'] })]))).toBe(
      'CMZ_ERR_PLUGIN_DEPENDENCY_MISSING',
    );
    expect(codeOf(() => buildHookTable([plugin('Bad Name')]))).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(codeOf(() => buildHookTable([plugin('a', { onSomething: noop } as never)]))).toBe(
      'CMZ_ERR_PLUGIN_INVALID',
    );
    expect(codeOf(() => buildHookTable([plugin('a', { onJoin: { order: 'pre' } } as never)]))).toBe(
      'CMZ_ERR_PLUGIN_INVALID',
    );
    expect(codeOf(() => buildHookTable([{ name: 'a', hooks: {} } as never]))).toBe(
      'CMZ_ERR_PLUGIN_INVALID',
    );
    expect(codeOf(() => buildHookTable([{ name: 'a', version: '1', hooks: null } as never]))).toBe(
      'CMZ_ERR_PLUGIN_INVALID',
    );
  });

  it('accepts a dependency registered earlier', () => {
    const table = buildHookTable([plugin('a'), plugin('b', {}, { dependsOn: ['a'] })]);
    expect(table.plugins.map((entry) => entry.name)).toEqual(['a', 'b']);
  });
});
