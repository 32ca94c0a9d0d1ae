/**
 * `core:history`: puts the conversation's recent turns before the visitor's message, so a visitor
 * who comes back later (same identity, new socket) continues with context.
 *
 * @module
 */
import type { LlmMessage } from '../llm/llm-model.ts';
import { definePlugin, type Plugin } from '../plugins/plugin-types.ts';
import type { ConversationStore } from '../session/conversation-store.ts';

/** Options of {@link historyPlugin}. */
export interface HistoryPluginOptions {
  store: ConversationStore;
  /** Earlier messages (user and animal) included in the prompt. @default 10 */
  turns?: number;
}

/**
 * Creates the `core:history` plugin.
 *
 * @example
 * ```ts
 * historyPlugin({ store, turns: 10 });
 * ```
 */
export function historyPlugin(options: HistoryPluginOptions): Plugin {
  const turns = options.turns ?? 10;
  return definePlugin({
    name: 'core:history',
    version: '1.0.0',
    hooks: {
      transformPrompt: {
        order: 'pre',
        handler: async (prompt, context) => {
          // One extra: the current message is already stored and is dropped below.
          const stored = await options.store.listMessages(context.conversation.id, turns + 1);
          const earlier: LlmMessage[] = stored
            .filter((message) => message.replyId !== context.replyId && message.text.length > 0)
            .slice(0, -1)
            .slice(-turns)
            .map((message) => ({ role: message.role, content: message.text }));
          return { ...prompt, messages: [...earlier, ...prompt.messages] };
        },
      },
    },
  });
}
