/**
 * Builds the read-only snapshot behind a share link. Only what a reader needs is copied (who
 * spoke, what, when, and the fact cards), so no visitor, conversation, client or reply id can
 * leak through a link a child may pass around.
 *
 * @module
 */
import type { AnimalPersona } from '../content/animal-types.ts';
import type { ConversationMessage, SharedConversation, SharedMessage } from '../protocol/events.ts';
import { redactPersonalInfo } from '../safety/pii-redaction.ts';

/**
 * The snapshot of `messages` with `animal`, taken at `sharedAt`.
 *
 * @example
 * ```ts
 * const snapshot = buildShareSnapshot(bella, await store.listMessages(id), new Date());
 * ```
 */
export function buildShareSnapshot(
  animal: Pick<AnimalPersona, 'name' | 'species' | 'emoji'>,
  messages: readonly ConversationMessage[],
  sharedAt: Date,
): SharedConversation {
  return {
    animal: { name: animal.name, species: animal.species, emoji: animal.emoji },
    messages: messages.filter((message) => message.text.length > 0).map(toSharedMessage),
    sharedAt: sharedAt.toISOString(),
  };
}

function toSharedMessage(message: ConversationMessage): SharedMessage {
  // User messages were redacted when stored; redacting again costs little and covers anything
  // stored before a pattern was added. Animal replies are left alone: "my name is Bella Bear"
  // is the persona, not a child's name.
  const text = message.role === 'user' ? redactPersonalInfo(message.text).text : message.text;
  const citations = message.citations?.map(({ cardId, title, text: cardText }) => ({
    cardId,
    title,
    text: cardText,
  }));
  return {
    role: message.role,
    text,
    createdAt: message.createdAt,
    ...(citations && citations.length > 0 ? { citations } : {}),
  };
}
