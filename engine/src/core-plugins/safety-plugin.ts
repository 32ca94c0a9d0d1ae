/**
 * `core:safety`: basic moderation for a children's audience. Rejects unkind input with a coded
 * error, answers self-harm signals with care (a trusted adult, 988) instead of the model, answers
 * "are you real / an AI?" truthfully and deterministically, and masks blocked words in output.
 * The animal's NEVER zoo rules (guardrails) add keywords: refused in input for `content_safety`
 * rules, masked in output for every NEVER rule.
 *
 * @module
 */
import type { AnimalPersona } from '../content/animal-types.ts';
import { definePlugin, type Plugin } from '../plugins/plugin-types.ts';
import { aiDisclosureReply, isAskingIfAi } from '../safety/ai-disclosure.ts';
import { crisisReply } from '../safety/crisis-reply.ts';
import { moderateText } from '../safety/moderate-text.ts';
import {
  createKeywordFilter,
  createOutputFilter,
  findKeywords,
  type OutputFilter,
} from '../safety/output-filter.ts';
import { EngineError } from '../errors/engine-error.ts';

/**
 * Creates the `core:safety` plugin.
 *
 * @example
 * ```ts
 * const plugins = [safetyPlugin(), personaPlugin()];
 * ```
 */
export function safetyPlugin(): Plugin {
  return definePlugin({
    name: 'core:safety',
    version: '1.0.0',
    hooks: {
      inspectMessage: {
        order: 'pre',
        handler: (message, context) => {
          const result = moderateText(message.text, context.locale);
          // Self-harm is not rejected: the child gets a caring answer from resolveIntent.
          if (!result.allowed && !result.categories.includes('self-harm')) {
            throw new EngineError('CMZ_ERR_SAFETY_INPUT_BLOCKED', {
              details: { categories: result.categories },
            });
          }
          // The matched keyword is not put in the details: they reach logs and clients.
          if (findKeywords(message.text, inputKeywordsOf(context.animal)).length > 0) {
            throw new EngineError('CMZ_ERR_SAFETY_INPUT_BLOCKED', {
              details: { categories: ['zoo-rule'] },
            });
          }
        },
      },
      resolveIntent: {
        order: 'pre',
        handler: (message, context) => {
          if (moderateText(message.text, context.locale).categories.includes('self-harm')) {
            return { text: crisisReply(context.locale, context.animal.name) };
          }
          if (isAskingIfAi(message.text)) {
            return { text: aiDisclosureReply(context.animal, context.locale) };
          }
          return null;
        },
      },
    },
  });
}

/**
 * Creates `core:output-safety`, which masks blocked words in the streamed output. The engine
 * registers it after every other plugin, so its `post` hook is the very last `transformChunk`:
 * nothing a plugin adds to a reply escapes the filter.
 *
 * @example
 * ```ts
 * const table = buildHookTable([...corePlugins, ...userPlugins, outputSafetyPlugin()]);
 * ```
 */
export function outputSafetyPlugin(): Plugin {
  const outputFilter = createOutputFilter();
  // A changed animal is a new persona object (the catalog replaces it), so this never goes stale.
  const keywordFilters = new WeakMap<AnimalPersona, OutputFilter>();
  const keywordFilterOf = (animal: AnimalPersona) => {
    let filter = keywordFilters.get(animal);
    if (filter === undefined) {
      filter = createKeywordFilter(neverRules(animal).flatMap((rule) => rule.keywords));
      keywordFilters.set(animal, filter);
    }
    return filter;
  };
  return definePlugin({
    name: 'core:output-safety',
    version: '1.0.0',
    hooks: {
      transformChunk: {
        order: 'post',
        handler: (chunk, context) => {
          const text = keywordFilterOf(context.animal).filterWord(
            outputFilter.filterWord(chunk.text),
          );
          return text === chunk.text ? chunk : { ...chunk, text };
        },
      },
    },
  });
}

function neverRules(animal: AnimalPersona) {
  return (animal.guardrails ?? []).filter((rule) => rule.type === 'NEVER');
}

function inputKeywordsOf(animal: AnimalPersona): string[] {
  return neverRules(animal)
    .filter((rule) => rule.category === 'content_safety')
    .flatMap((rule) => rule.keywords);
}
