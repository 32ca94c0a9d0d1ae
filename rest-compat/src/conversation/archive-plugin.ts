/**
 * `core:archive`: every finished turn (socket or REST) is written to DynamoDB as the visitor's
 * message and the animal's reply, so `/convo_history` and `/conversations/sessions` show
 * conversations from every transport. The engine's own store keeps only recent history.
 *
 * @module
 */
import { definePlugin, type Plugin } from '@cmz/engine';
import type { ConversationRepository } from '../persistence/conversation-repository.ts';

/**
 * Creates the archive plugin.
 *
 * @example
 * ```ts
 * engine.setPlugins([archivePlugin(repositories.conversations)]);
 * ```
 */
export function archivePlugin(conversations: ConversationRepository): Plugin {
  return definePlugin({
    name: 'core:archive',
    version: '1.0.0',
    hooks: {
      onReplyEnd: async (reply, context) => {
        const base = {
          sessionId: context.conversation.id,
          userId: context.visitor.visitorId,
          animalId: context.animal.id,
          animalName: context.animal.name,
        };
        await conversations.appendTurn({ ...base, role: 'user', content: reply.question });
        await conversations.appendTurn({
          ...base,
          role: 'assistant',
          content: reply.text,
          metadata: {
            tokensPrompt: reply.usage.promptTokens,
            tokensCompletion: reply.usage.completionTokens,
          },
        });
      },
    },
  });
}
