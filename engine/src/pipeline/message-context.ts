/**
 * Builds the per-plugin view of one message's context: every plugin gets the same facts but its
 * own `state` map, so plugins cannot read or clobber each other's scratch data.
 *
 * @module
 */
import type { MessageContext } from '../plugins/plugin-types.ts';

/** The shared part of a message context (everything but `state`). */
export type MessageFacts = Omit<MessageContext, 'state'>;

/**
 * Returns a function giving each plugin its context, created once per plugin and message.
 *
 * @example
 * ```ts
 * const contextFor = createContextProvider(facts);
 * contextFor('quiz').state.set('asked', true);
 * contextFor('voice').state.has('asked'); // false
 * ```
 */
export function createContextProvider(facts: MessageFacts): (pluginName: string) => MessageContext {
  const contexts = new Map<string, MessageContext>();
  return (pluginName) => {
    let context = contexts.get(pluginName);
    if (context === undefined) {
      context = { ...facts, state: new Map() };
      contexts.set(pluginName, context);
    }
    return context;
  };
}
