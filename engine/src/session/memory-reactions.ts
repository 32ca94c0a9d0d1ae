/**
 * Reaction bookkeeping of the in-memory conversation store: who reacted with what, per message,
 * and the counts kept on the stored messages. Kept apart so the store file stays about storage.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import type { ConversationMessage } from '../protocol/events.ts';
import type { ReactionResult, ReactionToggle } from './conversation-store.ts';

/** Message id → emoji → visitor ids who reacted with it. */
export type ReactorsByMessage = Map<string, Map<string, Set<string>>>;

/**
 * Adds the visitor's reaction, or removes it when already there, and writes the new counts onto
 * the stored message (in place).
 *
 * @example
 * ```ts
 * const result = toggleMemoryReaction(stored.messages, stored.reactors, toggle);
 * result.reactions; // { '👍': 1 }
 * ```
 */
export function toggleMemoryReaction(
  messages: ConversationMessage[],
  reactors: ReactorsByMessage,
  toggle: ReactionToggle,
): ReactionResult {
  const message = messages.find((candidate) => candidate.id === toggle.messageId);
  if (message === undefined) throw new EngineError('CMZ_ERR_SESSION_MESSAGE_NOT_FOUND');
  if (message.role !== 'assistant') throw new EngineError('CMZ_ERR_REACTION_NOT_ALLOWED');
  const byEmoji = reactors.get(message.id) ?? new Map<string, Set<string>>();
  const visitors = byEmoji.get(toggle.emoji) ?? new Set<string>();
  const reacted = !visitors.has(toggle.visitorId);
  if (reacted) visitors.add(toggle.visitorId);
  else visitors.delete(toggle.visitorId);
  // Empty sets and maps are dropped so that counts never list an emoji at zero.
  if (visitors.size > 0) byEmoji.set(toggle.emoji, visitors);
  else byEmoji.delete(toggle.emoji);
  if (byEmoji.size > 0) reactors.set(message.id, byEmoji);
  else reactors.delete(message.id);
  const reactions = countReactions(byEmoji);
  if (Object.keys(reactions).length > 0) message.reactions = reactions;
  else delete message.reactions;
  return { reactions: { ...reactions }, reacted };
}

/**
 * Forgets who reacted to messages no longer kept (dropped past the history limit).
 *
 * @example
 * ```ts
 * forgetDroppedReactors(stored.reactors, stored.messages);
 * ```
 */
export function forgetDroppedReactors(
  reactors: ReactorsByMessage,
  kept: readonly ConversationMessage[],
): void {
  const keptIds = new Set(kept.map((message) => message.id));
  for (const messageId of [...reactors.keys()]) {
    if (!keptIds.has(messageId)) reactors.delete(messageId);
  }
}

function countReactions(byEmoji: Map<string, Set<string>>): Record<string, number> {
  return Object.fromEntries([...byEmoji].map(([emoji, visitors]) => [emoji, visitors.size]));
}
