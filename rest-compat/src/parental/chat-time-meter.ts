/**
 * Counts a child's chat time per zoo day: each minute in which the child sent a message counts
 * as one minute. Kept in Redis when the engine runs on Redis (so every node sees the same total)
 * and in memory otherwise. Only minute numbers are stored, never what was said.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../persistence/audit.ts';
import { systemClock } from '../persistence/audit.ts';
import { epochMinute, zooDay } from './zoo-day.ts';

/** Today's chat minutes of each child. */
export interface ChatTimeMeter {
  /** Minutes of chat so far today. */
  usedToday(userId: string): Promise<number>;
  /** Counts the current minute as chat time (idempotent within a minute). */
  recordNow(userId: string): Promise<void>;
  /** Forgets today's count of a child (privacy deletion). */
  forget(userId: string): Promise<void>;
}

/** Options of the meters. */
export interface ChatTimeMeterOptions {
  timeZone: string;
  clock?: Clock;
}

// A day's set outlives the day by a day, so a time-zone change never resurrects an old count.
const keyTtlSeconds = 2 * 24 * 60 * 60;

/**
 * A meter in Redis: one set of minute numbers per child and day.
 *
 * @example
 * ```ts
 * const meter = createRedisChatTimeMeter(redis, { timeZone: 'America/Los_Angeles' });
 * await meter.recordNow('user_1');
 * ```
 */
export function createRedisChatTimeMeter(
  redis: Redis,
  options: ChatTimeMeterOptions,
): ChatTimeMeter {
  const clock = options.clock ?? systemClock;
  const keyOf = (userId: string, now: Date) =>
    `cmz:chat-time:${zooDay(now, options.timeZone)}:${userId}`;
  return {
    usedToday: (userId) => redis.scard(keyOf(userId, clock())),
    async recordNow(userId) {
      const now = clock();
      const key = keyOf(userId, now);
      await redis
        .multi()
        .sadd(key, String(epochMinute(now)))
        .expire(key, keyTtlSeconds)
        .exec();
    },
    async forget(userId) {
      await redis.del(keyOf(userId, clock()));
    },
  };
}

/**
 * A meter in this process's memory (single-node default). Old days are dropped as they pass.
 *
 * @example
 * ```ts
 * const meter = createMemoryChatTimeMeter({ timeZone: 'America/Los_Angeles' });
 * ```
 */
export function createMemoryChatTimeMeter(options: ChatTimeMeterOptions): ChatTimeMeter {
  const clock = options.clock ?? systemClock;
  let day = '';
  let minutesByUser = new Map<string, Set<number>>();
  const today = () => {
    const current = zooDay(clock(), options.timeZone);
    if (current !== day) {
      day = current;
      minutesByUser = new Map();
    }
    return minutesByUser;
  };
  return {
    usedToday: async (userId) => today().get(userId)?.size ?? 0,
    async recordNow(userId) {
      const users = today();
      const minutes = users.get(userId) ?? new Set<number>();
      minutes.add(epochMinute(clock()));
      users.set(userId, minutes);
    },
    async forget(userId) {
      today().delete(userId);
    },
  };
}
