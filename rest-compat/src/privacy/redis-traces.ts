/**
 * The Redis keys about a user that outlive their conversations for a while, erased with them:
 *
 * - the chat-time meter's day sets `cmz:chat-time:<day>:<userId>` (up to two days);
 * - the engine's send-rate bucket `cmz:rate:send:<userId>` (seconds);
 * - reply journal entries of the user's replies `cmz:reply:<replyId>` (+ `:snapshot`, `:deltas`)
 *   and the active-reply pointers and presence of their conversations (minutes).
 *
 * Conversations, reactions and share links are erased by the engine's stores themselves. Key
 * names come from the engine's `createRedisKeys`, so they follow its layout.
 *
 * @module
 */
import { createRedisKeys } from '@cmz/engine';
import type { Redis } from 'ioredis';

/** What {@link eraseRedisTraces} removed. */
export interface RedisTraceErasure {
  /** Chat-time day sets (usage metering: counted as analytics records). */
  chatTimeKeys: number;
  /** Every other key. */
  otherKeys: number;
}

/**
 * Deletes the user's keys. `conversationIds` are the user's conversations (already deleted).
 *
 * @example
 * ```ts
 * await eraseRedisTraces(redis, { userId, conversationIds, analytics: true });
 * ```
 */
export async function eraseRedisTraces(
  redis: Redis,
  input: { userId: string; conversationIds: readonly string[]; analytics: boolean },
): Promise<RedisTraceErasure> {
  const keys = createRedisKeys();
  const chatTime = input.analytics
    ? await scanKeys(redis, `cmz:chat-time:*:${escapeGlob(input.userId)}`)
    : [];
  const conversationIds = new Set(input.conversationIds);
  const replies: string[] = [];
  const replyPattern = `${escapeGlob(keys.replyPrefix)}*`;
  for (const key of await scanKeys(redis, replyPattern)) {
    if ((await redis.type(key)) !== 'hash') continue;
    const [visitorId, conversationId] = await redis.hmget(key, 'visitorId', 'conversationId');
    if (visitorId !== input.userId && !conversationIds.has(conversationId ?? '')) continue;
    const replyId = key.slice(keys.replyPrefix.length);
    replies.push(key, keys.replySnapshot(replyId), keys.replyDeltas(replyId));
  }
  const others = [
    keys.rateLimit(`send:${input.userId}`),
    ...replies,
    ...[...conversationIds].flatMap((id) => [keys.activeReply(id), keys.presence(id)]),
  ];
  const removedChatTime = chatTime.length > 0 ? await redis.del(...chatTime) : 0;
  const removedOthers = others.length > 0 ? await redis.del(...others) : 0;
  return { chatTimeKeys: removedChatTime, otherKeys: removedOthers };
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    for (const key of keys) found.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...found];
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
