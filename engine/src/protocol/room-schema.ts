/**
 * Zod schemas of the inbound room events (`docs/rooms.md`): the edge where a room payload from a
 * client becomes typed data. Loose objects, like `schema.ts`, so newer clients do not break.
 *
 * @module
 */
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';
import type { RoomClientToServerEvents } from './room-events.ts';

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_:-]+$/, 'only letters, digits, _ : -');
const locale = z.enum(['en', 'es', 'zh']);
// Codes are typed by children: case and surrounding spaces are forgiven.
const joinCode = z
  .string()
  .max(40)
  .transform((value) => value.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{4,12}$/, 'a join code is letters and digits'));
const pace = z.looseObject({
  mode: z.enum(['auto', 'manual']),
  intervalSeconds: z.number().int().min(2).max(3600),
});
const roomId = identifier;
// Bounded here only against absurd payloads; the length rule has its own code later.
const questionText = z.string().max(20_000);

export const roomInboundSchemas = {
  'school:open': z.looseObject({
    animalId: identifier,
    locale: locale.optional(),
    approvalRequired: z.boolean().optional(),
  }),
  'live:open': z.looseObject({
    animalId: identifier,
    locale: locale.optional(),
    pace: pace.optional(),
  }),
  'room:join': z.looseObject({
    joinCode,
    nickname: z.string().max(200).optional(),
    memberToken: z.string().max(300).optional(),
  }),
  'room:ask': z.looseObject({ roomId, clientQuestionId: identifier, text: questionText }),
  'room:vote': z.looseObject({ roomId, questionId: identifier }),
  'room:moderate': z.discriminatedUnion('action', [
    z.looseObject({
      roomId,
      action: z.literal('approve'),
      questionId: identifier,
      text: questionText.optional(),
    }),
    z.looseObject({
      roomId,
      action: z.enum(['reject', 'hide', 'answer']),
      questionId: identifier,
    }),
    z.looseObject({
      roomId,
      action: z.literal('merge'),
      questionId: identifier,
      mergeIds: z.array(identifier).min(1).max(50),
    }),
    z.looseObject({ roomId, action: z.enum(['answer-all', 'answer-top']) }),
  ]),
  'room:control': z.discriminatedUnion('action', [
    z.looseObject({
      roomId,
      action: z.enum(['pause', 'resume', 'end', 'takeover', 'handback']),
    }),
    z.looseObject({ roomId, action: z.literal('remove'), memberId: identifier }),
    z.looseObject({ roomId, action: z.literal('approval'), approvalRequired: z.boolean() }),
    z.looseObject({ roomId, action: z.literal('pace'), pace }),
    z.looseObject({ roomId, action: z.literal('add-moderator'), userId: identifier }),
  ]),
  'room:say': z.looseObject({ roomId, clientMessageId: identifier, text: questionText }),
  'room:react': z.looseObject({ roomId, emoji: z.string().min(1).max(16) }),
  'room:export': z.looseObject({ roomId }),
  // The payload may be omitted entirely.
  'room:nickname': z.looseObject({ locale: locale.optional() }).optional(),
} as const;

/** A room event a client may send. */
export type RoomInboundEvent = keyof RoomClientToServerEvents;
/** The validated payload of a room event. */
export type RoomInboundPayload<E extends RoomInboundEvent> = z.infer<
  (typeof roomInboundSchemas)[E]
>;

/**
 * True when `event` is one of the room events.
 *
 * @example
 * ```ts
 * isRoomInboundEvent('room:ask'); // true
 * ```
 */
export function isRoomInboundEvent(event: string): event is RoomInboundEvent {
  return Object.hasOwn(roomInboundSchemas, event);
}

/**
 * Validates one room payload, throwing `CMZ_ERR_PROTOCOL_INVALID_PAYLOAD` with the first issue.
 *
 * @example
 * ```ts
 * const payload = parseRoomInbound('room:vote', { roomId: 'rm_1', questionId: 'q_1' });
 * ```
 */
export function parseRoomInbound<E extends RoomInboundEvent>(
  event: E,
  payload: unknown,
): RoomInboundPayload<E> {
  const result = roomInboundSchemas[event].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
      args: [event, `${where}${issue?.message ?? 'invalid'}`],
    });
  }
  return result.data as RoomInboundPayload<E>;
}
