/**
 * Where share links live: read-only snapshots of a conversation, reachable by an unguessable id
 * and expiring on their own. Two implementations: in-memory (one node) and Redis.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { EngineError } from '../errors/engine-error.ts';
import type { SharedConversation } from '../protocol/events.ts';

/**
 * Share links. A snapshot never changes after it is stored; only its creator may revoke it.
 *
 * @example
 * ```ts
 * const shareId = await shares.createShare({ creatorVisitorId: visitorId, snapshot });
 * await shares.getShare(shareId); // the snapshot, or null once revoked or expired
 * ```
 */
export interface ShareStore {
  /** Stores the snapshot under a new unguessable id and returns the id. */
  createShare(input: {
    creatorVisitorId: string;
    snapshot: SharedConversation;
    /** The conversation the snapshot was taken from, so deleting it revokes its links. */
    conversationId?: string;
  }): Promise<string>;
  /** The snapshot, or null when the id is unknown, revoked or expired. */
  getShare(shareId: string): Promise<SharedConversation | null>;
  /**
   * Removes the share when `visitorId` created it. False when it is unknown, expired or someone
   * else's (callers answer all three the same way, so ids reveal nothing).
   */
  revokeShare(shareId: string, visitorId: string): Promise<boolean>;
  /**
   * Removes every share the visitor created (privacy erasure) and returns how many. Shares keep
   * no index by creator, so the Redis store scans share keys: fine for a rare erasure.
   */
  revokeAllByCreator(visitorId: string): Promise<number>;
  /**
   * Removes every share taken from a conversation (the conversation was deleted: a child's or a
   * parent's "delete" must not leave a public copy behind) and returns how many.
   */
  revokeByConversation(conversationId: string): Promise<number>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Limits shared by both implementations. */
export interface ShareStoreOptions {
  /** Seconds a share link lives. @default 2592000 (30 days) */
  ttlSeconds: number;
}

/**
 * Fills in the default TTL and rejects one that is not a positive whole number of seconds.
 *
 * @example
 * ```ts
 * resolveShareStoreOptions({}); // { ttlSeconds: 2592000 }
 * ```
 */
export function resolveShareStoreOptions(
  options: Partial<ShareStoreOptions> = {},
): ShareStoreOptions {
  const ttlSeconds = options.ttlSeconds ?? 2_592_000;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: ['share store option ttlSeconds must be a positive integer'],
    });
  }
  return { ttlSeconds };
}

/**
 * A new share id: 18 random bytes, base64url (24 characters, 144 bits: unguessable).
 *
 * @example
 * ```ts
 * newShareId(); // 'kq3X0v9_b1Zr2sQm8yT4uW6e'
 * ```
 */
export function newShareId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * What a share keeps of its creator: a SHA-256 of the visitor id, enough to check a revoke while
 * the stored share holds no visitor id at all.
 *
 * @example
 * ```ts
 * creatorFingerprint('v_1') === creatorFingerprint('v_1'); // true
 * ```
 */
export function creatorFingerprint(visitorId: string): string {
  return createHash('sha256').update(`cmz-share-creator:${visitorId}`).digest('hex');
}
