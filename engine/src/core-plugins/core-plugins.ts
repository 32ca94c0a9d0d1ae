/**
 * The engine's own behaviour as plugins, in registration order: safety first (it may reject or
 * answer before anything else), then persona, history and knowledge for the prompt.
 *
 * @module
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Plugin } from '../plugins/plugin-types.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import { historyPlugin } from './history-plugin.ts';
import { knowledgePlugin } from './knowledge-plugin.ts';
import { personaPlugin } from './persona-plugin.ts';
import { safetyPlugin } from './safety-plugin.ts';

/** What the core plugins need. */
export interface CorePluginDependencies {
  store: ConversationStore;
  knowledge: KnowledgeBase;
  /** Earlier messages in the prompt. @default 10 */
  historyTurns?: number;
}

/**
 * Creates the `core:*` plugins.
 *
 * @example
 * ```ts
 * const table = buildHookTable([...createCorePlugins({ store, knowledge }), ...userPlugins]);
 * ```
 */
export function createCorePlugins(dependencies: CorePluginDependencies): Plugin[] {
  return [
    safetyPlugin(),
    personaPlugin(),
    historyPlugin({ store: dependencies.store, turns: dependencies.historyTurns ?? 10 }),
    knowledgePlugin({ knowledge: dependencies.knowledge }),
  ];
}
