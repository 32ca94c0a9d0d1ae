/**
 * Builds the entries of `conversation:list`: which animal, when, how long, and a short preview.
 *
 * @module
 */
import { toAnimalSummary } from '../content/animal-catalog.ts';
import type { AnimalPersona } from '../content/animal-types.ts';
import type { ConversationMessage, ConversationSummary } from '../protocol/events.ts';
import type { ConversationRecord } from '../session/conversation-store.ts';

/** The longest preview `lastMessage.text` may be, in UTF-16 code units (JavaScript length). */
export const previewLength = 120;

/**
 * Cuts `text` to at most `maxLength` code units, ending with `…` when cut, never splitting an
 * emoji's surrogate pair.
 *
 * @example
 * ```ts
 * truncatePreview('a'.repeat(200)).length; // 120
 * ```
 */
export function truncatePreview(text: string, maxLength = previewLength): string {
  if (text.length <= maxLength) return text;
  let kept = '';
  for (const character of text) {
    if (kept.length + character.length > maxLength - 1) break;
    kept += character;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * One list entry from a conversation, its kept messages and its animal.
 *
 * @example
 * ```ts
 * summarizeConversation(record, await store.listMessages(record.id), bella);
 * ```
 */
export function summarizeConversation(
  record: ConversationRecord,
  messages: readonly ConversationMessage[],
  animal: AnimalPersona,
): ConversationSummary {
  const last = messages.at(-1);
  return {
    conversationId: record.id,
    animal: toAnimalSummary(animal, record.locale),
    updatedAt: record.updatedAt,
    ...(last ? { lastMessage: { role: last.role, text: truncatePreview(last.text) } } : {}),
    messageCount: messages.length,
  };
}
