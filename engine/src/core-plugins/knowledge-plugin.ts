/**
 * `core:knowledge`: retrieves the animal's fact cards relevant to the question, so every model
 * answers grounded in curated facts and the reply can cite them.
 *
 * @module
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { definePlugin, type Plugin } from '../plugins/plugin-types.ts';

/** Options of {@link knowledgePlugin}. */
export interface KnowledgePluginOptions {
  knowledge: KnowledgeBase;
  /** Cards given to the model per question. @default 3 */
  limit?: number;
}

/**
 * Creates the `core:knowledge` plugin.
 *
 * @example
 * ```ts
 * knowledgePlugin({ knowledge: createKnowledgeBase(cards) });
 * ```
 */
export function knowledgePlugin(options: KnowledgePluginOptions): Plugin {
  const limit = options.limit ?? 3;
  return definePlugin({
    name: 'core:knowledge',
    version: '1.0.0',
    hooks: {
      transformPrompt: (prompt, context) => {
        const question = prompt.messages.at(-1)?.content ?? '';
        const found = options.knowledge.search({
          animalId: context.animal.id,
          locale: context.locale,
          text: question,
          limit,
        });
        const facts = found.map((result) => result.card);
        if (facts.length === 0) return { ...prompt, facts };
        const listed = facts.map((card) => `- [${card.id}] ${card.title}: ${card.text}`).join('\n');
        return { ...prompt, facts, system: [...prompt.system, `FACT CARDS:\n${listed}`] };
      },
    },
  });
}
