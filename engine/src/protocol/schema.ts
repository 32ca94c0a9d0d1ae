/**
 * Zod schemas for every inbound event: the edge where untrusted client input becomes typed data.
 * Objects are loose (unknown keys are ignored) so newer clients do not break older servers.
 *
 * @module
 */
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';
import { REACTION_EMOJIS, type CoreClientToServerEvents } from './events.ts';

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_:-]+$/, 'only letters, digits, _ : -');
const locale = z.enum(['en', 'es', 'zh']);
// Keyboards send ❤ and ⭐ with or without the emoji variation selector (U+FE0F); both mean the
// same reaction, so it is stripped before the comparison and the listed form is stored.
const canonicalReaction = new Map(
  REACTION_EMOJIS.map((emoji) => [emoji.replaceAll('\uFE0F', ''), emoji]),
);
const reactionEmoji = z
  .string()
  .max(16)
  .transform((value) => canonicalReaction.get(value.replaceAll('\uFE0F', '')) ?? value)
  .pipe(z.enum(REACTION_EMOJIS));

export const inboundSchemas = {
  'conversation:join': z
    .looseObject({
      animalId: identifier.optional(),
      conversationId: identifier.optional(),
      locale: locale.optional(),
      resume: z
        .looseObject({ replyId: identifier, seq: z.number().int().min(0).max(1_000_000) })
        .optional(),
    })
    .refine((value) => value.animalId !== undefined || value.conversationId !== undefined, {
      message: 'animalId or conversationId is required',
    }),
  'message:send': z.looseObject({
    conversationId: identifier,
    clientMessageId: identifier,
    // The length cap is enforced later with its own code (CMZ_ERR_MESSAGE_TOO_LONG); this bound
    // only stops absurd payloads from reaching anything else.
    text: z.string().max(20_000),
  }),
  'reply:abort': z.looseObject({ replyId: identifier }),
  'reaction:add': z.looseObject({
    conversationId: identifier,
    messageId: identifier,
    emoji: reactionEmoji,
  }),
  // The payload carries nothing; a client may also send no payload at all.
  'conversation:list': z.looseObject({}).optional(),
  'conversation:delete': z.looseObject({ conversationId: identifier }),
  'conversation:share': z.looseObject({ conversationId: identifier }),
  'share:revoke': z.looseObject({ shareId: identifier }),
} as const;

export type InboundEvent = keyof CoreClientToServerEvents;
export type InboundPayload<E extends InboundEvent> = z.infer<(typeof inboundSchemas)[E]>;

/**
 * True when `event` is one of the engine's own client events.
 *
 * @example
 * ```ts
 * isInboundEvent('message:send'); // true
 * ```
 */
export function isInboundEvent(event: string): event is InboundEvent {
  return Object.hasOwn(inboundSchemas, event);
}

/**
 * Validates one inbound payload, throwing `CMZ_ERR_PROTOCOL_INVALID_PAYLOAD` with the first issue.
 *
 * @example
 * ```ts
 * const payload = parseInbound('reply:abort', { replyId: 'r1' });
 * ```
 */
export function parseInbound<E extends InboundEvent>(
  event: E,
  payload: unknown,
): InboundPayload<E> {
  const result = inboundSchemas[event].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
      args: [event, `${where}${issue?.message ?? 'invalid'}`],
    });
  }
  return result.data as InboundPayload<E>;
}

export const handshakeSchema = z.looseObject({
  protocolVersion: z.coerce.number().int().positive(),
  guestToken: z.string().max(300).optional(),
  token: z.string().max(4000).optional(),
});
