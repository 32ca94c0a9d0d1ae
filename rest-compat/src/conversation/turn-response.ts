/**
 * The `POST /convo_turn` 200 body: the spec's `reply` and `turn`, plus the fields the old CMZ
 * frontend actually reads (`response`, `conversationId`, `sessionId`, `turnId`...), so old and new
 * clients both work (see openapi/CHANGES.md).
 *
 * @module
 */
import type { CollectedReply } from '@cmz/engine';

/**
 * Builds the response body of a finished turn.
 *
 * @example
 * ```ts
 * const body = turnResponse({ reply, sessionId, animalId, replyId, latencyMs: 812 });
 * ```
 */
export function turnResponse(input: {
  reply: CollectedReply;
  sessionId: string;
  animalId: string;
  replyId: string;
  latencyMs: number;
  now?: Date;
}) {
  const end = input.reply.end;
  const text = end?.text ?? input.reply.text;
  const timestamp = (input.now ?? new Date()).toISOString();
  return {
    reply: text,
    turn: {
      convoTurnId: input.replyId,
      timestamp,
      tokensPrompt: end?.usage.promptTokens ?? 0,
      tokensCompletion: end?.usage.completionTokens ?? 0,
      latencyMs: Math.round(input.latencyMs),
    },
    response: text,
    conversationId: input.sessionId,
    sessionId: input.sessionId,
    animalId: input.animalId,
    turnId: input.replyId,
    timestamp,
    blocked: false,
    safetyWarning: false,
    moderation: { flagged: false, categories: [], confidence: 1 },
    citations: end?.citations ?? [],
    suggestions: end?.suggestions ?? [],
    finishReason: end?.finishReason ?? 'stop',
  };
}
